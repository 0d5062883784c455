package org.xingfu.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xingfu.shared.Actor;
import org.xingfu.shared.InvalidFieldException;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 区域协查 over JSON: import a list (multipart {@code file}), read it, answer its lines. */
@RestController
class AssistanceApiController {

	record AnswerBody(@NotNull AssistanceChecks.Answer answer, @Size(max = 500) String note) {
	}

	private final AssistanceChecks checks;

	AssistanceApiController(AssistanceChecks checks) {
		this.checks = checks;
	}

	@PostMapping(path = "/api/v1/assistance-checks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<AssistanceChecks.Imported> importApi(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam @Size(max = 100) String name, @RequestParam Instant deadline, @RequestPart("file") MultipartFile file)
			throws IOException {
		if (name.isBlank() || name.length() > 100) {
			throw new InvalidFieldException("name", "campaign.error.checkName");
		}
		try (InputStream in = file.getInputStream()) {
			return ResponseEntity.status(HttpStatus.CREATED).body(checks.importList(actor, nodeId, name, deadline, in));
		}
	}

	@GetMapping("/api/v1/assistance-checks/{id}")
	Map<String, Object> checkApi(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		AssistanceChecks.Check check = checks.visible(actor, id);
		body.put("check", check);
		var items = checks.items(actor, id);
		checks.listed(actor, check, items.size(), "api");
		body.put("items", items);
		return body;
	}

	@PostMapping("/api/v1/assistance-checks/{id}/items/{itemId}/answer")
	AssistanceChecks.Item answerApi(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long itemId,
			@Valid @RequestBody AnswerBody body) {
		return checks.answer(actor, id, itemId, body.answer(), body.note());
	}

}
