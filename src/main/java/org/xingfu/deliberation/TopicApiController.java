package org.xingfu.deliberation;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** 议题 over JSON. */
@RestController
@RequestMapping("/api/v1/topics")
class TopicApiController {

	record NewTopic(Long compoundId, @NotBlank @Size(max = 60) String title, @NotBlank @Size(max = 2000) String description) {
	}

	private final Topics topics;

	TopicApiController(Topics topics) {
		this.topics = topics;
	}

	@GetMapping
	List<Topics.Topic> list(@AuthenticationPrincipal Actor actor,
			@RequestParam(required = false) @Pattern(regexp = "PROPOSED|AGENDA|DECIDED") String status) {
		return topics.list(actor, status);
	}

	@PostMapping
	ResponseEntity<Topics.Topic> propose(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewTopic body) {
		long id = topics.propose(actor, body.compoundId(), body.title(), body.description());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/topics/" + id)
			.body(topics.visible(actor, id));
	}

	@GetMapping("/{id}")
	Topics.Topic topic(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return topics.visible(actor, id);
	}

	@PostMapping("/{id}/support")
	Topics.Topic support(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return topics.support(actor, id);
	}

	@PostMapping("/{id}/accept")
	Topics.Topic accept(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return topics.accept(actor, id);
	}
}
