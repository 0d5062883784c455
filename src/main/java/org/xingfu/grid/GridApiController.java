package org.xingfu.grid;

import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Upload;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** 网格 over JSON: field logs (with an Idempotency-Key for retries), hazards, special care, disputes, inspections. */
@RestController
@RequestMapping("/api/v1/grid")
class GridApiController {

	record NewLog(@NotNull Long nodeId, @NotNull FieldLogs.Kind kind, @NotBlank @Size(max = 2000) String note,
			Long careId) {
	}

	record NewHazard(@NotNull Long nodeId, @NotBlank @Size(max = 40) String category,
			@NotBlank @Size(max = 100) String title, @NotBlank @Size(max = 2000) String description,
			@NotNull @Pattern(regexp = "EMERGENCY|UTILITY|GENERAL|COMPLEX") String urgency) {
	}

	record NewCare(@NotNull Long personId, @NotBlank @Size(max = 30) String category,
			@Min(1) @Max(366) Integer intervalDays, @Size(max = 500) String note) {
	}

	record NewDispute(@NotNull Long nodeId, @NotBlank @Size(max = 100) String title, @NotNull Disputes.Kind kind,
			@NotBlank @Size(max = 500) String parties) {
	}

	record NewSession(@NotNull LocalDate heldOn, @NotBlank @Size(max = 2000) String note) {
	}

	record Conclusion(@NotNull Boolean agreed, @NotBlank @Size(max = 2000) String text, LocalDate followUpOn) {
	}

	record FollowUp(@NotBlank @Size(max = 1000) String note) {
	}

	record NewInspection(@NotNull Long nodeId, @NotBlank @Size(max = 30) String kind,
			@NotBlank @Size(max = 200) String place, @NotBlank @Size(max = 1000) String note,
			@NotNull LocalDate deadline) {
	}

	record Reinspection(@NotNull Boolean rectified, @Size(max = 1000) String note, LocalDate newDeadline) {
	}

	private final FieldLogs logs;
	private final CareResidents care;
	private final Disputes disputes;
	private final EnvironmentInspections inspections;

	GridApiController(FieldLogs logs, CareResidents care, Disputes disputes, EnvironmentInspections inspections) {
		this.logs = logs;
		this.care = care;
		this.disputes = disputes;
		this.inspections = inspections;
	}

	@PostMapping(path = "/logs", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<FieldLogs.Log> log(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewLog body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key) throws IOException {
		try {
			return created(logs.log(actor, body.nodeId(), body.kind(), body.note(), body.careId(), key, List.of()));
		}
		catch (DuplicateKeyException ex) {
			// the same key arrived twice at once: the other call stored it, answer with that log
			return created(logs.log(actor, body.nodeId(), body.kind(), body.note(), body.careId(), key, List.of()));
		}
	}

	@PostMapping(path = "/logs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<FieldLogs.Log> logWithPhotos(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam FieldLogs.Kind kind, @RequestParam @Size(max = 2000) String note,
			@RequestParam(required = false) Long careId,
			@RequestPart(name = "photos", required = false) List<MultipartFile> photos,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key) throws IOException {
		if (note.isBlank() || note.length() > 2000) {
			throw new org.xingfu.shared.InvalidFieldException("note", "grid.error.note");
		}
		return created(logs.log(actor, nodeId, kind, note, careId, key, Upload.of(photos)));
	}

	@GetMapping("/logs")
	List<FieldLogs.Log> recent(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId) {
		return logs.recent(actor, nodeId, 100);
	}

	@GetMapping("/logs/{id}")
	FieldLogs.Log one(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return logs.visible(actor, id);
	}

	@PostMapping("/hazards")
	ResponseEntity<FieldLogs.Log> hazard(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewHazard body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key) {
		try {
			return created(logs.hazard(actor, body.nodeId(), body.category(), body.title(), body.description(),
					body.urgency(), key));
		}
		catch (DuplicateKeyException ex) {
			return created(logs.hazard(actor, body.nodeId(), body.category(), body.title(), body.description(),
					body.urgency(), key));
		}
	}

	@GetMapping("/care-categories")
	List<CareResidents.Category> categories() {
		return care.categories();
	}

	@PostMapping("/care")
	ResponseEntity<Map<String, Long>> register(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewCare body) {
		long id = care.register(actor, body.personId(), body.category(), body.intervalDays(), body.note());
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
	}

	@GetMapping("/care")
	List<CareResidents.Care> careList(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId) {
		return care.under(actor, nodeId, false);
	}

	@GetMapping("/care-visits/overdue")
	List<CareResidents.Care> overdue(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId) {
		return care.under(actor, nodeId, true);
	}

	@PostMapping("/disputes")
	ResponseEntity<Map<String, Object>> openDispute(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewDispute body) {
		long id = disputes.open(actor, body.nodeId(), body.title(), body.kind(), body.parties());
		return ResponseEntity.status(HttpStatus.CREATED).body(dispute(actor, id));
	}

	@GetMapping("/disputes/{id}")
	Map<String, Object> dispute(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("dispute", disputes.visible(actor, id));
		body.put("sessions", disputes.sessions(id));
		return body;
	}

	@PostMapping("/disputes/{id}/sessions")
	ResponseEntity<Map<String, Object>> session(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody NewSession body) {
		disputes.session(actor, id, body.heldOn(), body.note());
		return ResponseEntity.status(HttpStatus.CREATED).body(dispute(actor, id));
	}

	@PostMapping("/disputes/{id}/conclusion")
	Map<String, Object> conclude(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Conclusion body) {
		disputes.conclude(actor, id, body.agreed(), body.text(), body.followUpOn());
		return dispute(actor, id);
	}

	@PostMapping("/disputes/{id}/follow-up")
	Map<String, Object> followUp(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody FollowUp body) {
		disputes.followUp(actor, id, body.note());
		return dispute(actor, id);
	}

	@PostMapping("/inspections")
	ResponseEntity<EnvironmentInspections.Inspection> inspect(@AuthenticationPrincipal Actor actor,
			@Valid @RequestBody NewInspection body) throws IOException {
		long id = inspections.found(actor, body.nodeId(), body.kind(), body.place(), body.note(), body.deadline(),
				List.of());
		return ResponseEntity.status(HttpStatus.CREATED).body(inspections.visible(actor, id));
	}

	@PostMapping("/inspections/{id}/reinspection")
	EnvironmentInspections.Inspection reinspect(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Reinspection body) throws IOException {
		return inspections.reinspect(actor, id, body.rectified(), body.note(), body.newDeadline(), List.of());
	}

	@GetMapping("/inspections/counts")
	List<EnvironmentInspections.Count> counts(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId) {
		return inspections.counts(actor, nodeId);
	}

	private static ResponseEntity<FieldLogs.Log> created(FieldLogs.Stored stored) {
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/grid/logs/" + stored.log().id())
			.body(stored.log());
	}
}
