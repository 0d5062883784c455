package org.xingfu.deliberation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** 议事会 over JSON. */
@RestController
@RequestMapping("/api/v1/meetings")
class MeetingApiController {

	record NewMeeting(@NotNull Long compoundId, @NotBlank @Size(max = 100) String title,
			@NotBlank @Size(max = 200) String place, @NotNull Instant startsAt, @Size(max = 20) List<Long> topicIds,
			@NotEmpty @Size(max = 50) List<Long> committee) {
	}

	record CheckIn(@Size(max = 40) String token, Long personId) {
	}

	record Decision(@NotBlank @Size(max = 20000) String minutes, @NotBlank @Size(max = 2000) String decision,
			@NotNull @Min(0) @Max(1000) Integer votesFor, @NotNull @Min(0) @Max(1000) Integer votesAgainst,
			@NotNull @Min(0) @Max(1000) Integer votesAbstain) {
	}

	record NewAction(@NotBlank @Size(max = 500) String description, @NotBlank @Size(max = 100) String owner,
			@NotNull LocalDate dueDate) {
	}

	record Done(@Size(max = 1000) String note) {
	}

	record Review(@NotNull @Pattern(regexp = "SATISFIED|BASIC|DISSATISFIED") String rating,
			@Size(max = 1000) String comment) {
	}

	private final Meetings meetings;

	MeetingApiController(Meetings meetings) {
		this.meetings = meetings;
	}

	@GetMapping
	List<Meetings.Meeting> list(@AuthenticationPrincipal Actor actor) {
		return meetings.list(actor);
	}

	@PostMapping
	ResponseEntity<Map<String, Object>> convene(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewMeeting body) {
		long id = meetings.convene(actor, body.compoundId(), body.title(), body.place(), body.startsAt(),
				body.topicIds(), body.committee());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/meetings/" + id)
			.body(view(actor, id));
	}

	@GetMapping("/{id}")
	Map<String, Object> meeting(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return view(actor, id);
	}

	@PostMapping("/{id}/checkin")
	Meetings.Participant checkIn(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody CheckIn body) {
		return meetings.checkIn(actor, id, body.token(), body.personId());
	}

	@PostMapping("/{id}/decision")
	Map<String, Object> decide(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Decision body) {
		meetings.decide(actor, id, body.minutes(), body.decision(), body.votesFor(), body.votesAgainst(),
				body.votesAbstain());
		return view(actor, id);
	}

	@PostMapping("/{id}/actions")
	ResponseEntity<Map<String, Object>> addAction(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewAction body) {
		meetings.addAction(actor, id, body.description(), body.owner(), body.dueDate());
		return ResponseEntity.status(HttpStatus.CREATED).body(view(actor, id));
	}

	@PostMapping("/{id}/actions/{actionId}/done")
	Map<String, Object> done(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long actionId,
			@Valid @RequestBody(required = false) Done body) {
		meetings.completeAction(actor, id, actionId, body == null ? null : body.note());
		return view(actor, id);
	}

	@PostMapping("/{id}/publish")
	Map<String, Object> publish(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		long notice = meetings.publish(actor, id);
		Map<String, Object> body = view(actor, id);
		body.put("noticeId", notice);
		return body;
	}

	@PostMapping("/{id}/reviews")
	Meetings.ReviewSummary review(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Review body) {
		meetings.review(actor, id, body.rating(), body.comment());
		return meetings.reviews(actor, id);
	}

	private Map<String, Object> view(Actor actor, long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("meeting", meetings.visible(actor, id));
		body.put("agenda", meetings.agenda(id).stream().map(t -> Map.of("id", t.id(), "title", t.title())).toList());
		List<Meetings.Participant> participants = meetings.participants(id);
		body.put("committeeMembers", participants.stream().filter(Meetings.Participant::committee).count());
		body.put("attendance", participants.stream().filter(p -> p.checkedInAt() != null).count());
		body.put("actions", meetings.actions(id));
		body.put("reviews", meetings.reviews(actor, id));
		return body;
	}
}
