package org.xingfu.request;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.request.RequestTypes.Satisfaction;
import org.xingfu.shared.Actor;
import org.xingfu.shared.PageResult;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

/** JSON API of requests: filing (idempotent), the life-cycle actions, lists, details, rates and categories. */
@RestController
@RequestMapping("/api/v1/requests")
class RequestApiController {

	record CreateRequest(@NotBlank @Size(max = 40) String category, @NotBlank @Size(max = 100) String title,
			@NotBlank @Size(max = 2000) String description,
			@NotNull @Pattern(regexp = "EMERGENCY|UTILITY|GENERAL|COMPLEX") String urgency, Long compoundId,
			Long buildingId, Long householdId, @Pattern(regexp = "RESIDENT|PHONE|IN_PERSON|HOTLINE") String channel,
			@Size(max = 50) String residentName, @Pattern(regexp = "^(1\\d{10})?$") String residentPhone,
			@Size(max = 12) String contactPreference) {

		Long nodeId() {
			return householdId != null ? householdId : buildingId != null ? buildingId : compoundId;
		}
	}

	record Created(long id, String status, String ownerUsername, Instant dueAt, Instant acceptDueAt) {
	}

	record Transfer(@Size(max = 50) String toUsername, Long toNodeId, @NotBlank @Size(max = 500) String reason) {
	}

	record Reason(@NotBlank @Size(max = 500) String reason) {
	}

	record Note(@Size(max = 1000) String note) {
	}

	record Confirm(@NotNull Satisfaction satisfaction, @Size(max = 500) String comment) {
	}

	record Merge(@NotNull Long intoId) {
	}

	record Summon(@NotBlank @Size(max = 50) String department, @Size(max = 500) String note) {
	}

	record Page<T>(List<T> items, int page, int size, long total) {
	}

	private final RequestManagement management;
	private final RequestQueries queries;
	private final RequestIntake intake;
	private final JsonMapper json;
	private final MessageSource messages;
	private final RequestPhotos photos;

	RequestApiController(RequestManagement management, RequestQueries queries, RequestIntake intake, JsonMapper json,
			MessageSource messages, RequestPhotos photos) {
		this.photos = photos;
		this.management = management;
		this.queries = queries;
		this.intake = intake;
		this.json = json;
		this.messages = messages;
	}

	@PostMapping
	ResponseEntity<?> create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody CreateRequest body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key) {
		String hash = RequestIntake.sha256(json.writeValueAsString(body));
		if (key != null) {
			var replay = intake.replay(actor, key, hash);
			if (replay.isPresent()) {
				return replayed(replay.get());
			}
		}
		RequestManagement.Submission submission = new RequestManagement.Submission(body.category(), body.title(),
				body.description(), body.urgency(), body.nodeId(), body.channel(), body.residentName(),
				body.residentPhone(), body.contactPreference());
		try {
			RequestIntake.Filed filed = intake.submit(actor, submission, key, hash, this::createdJson);
			return ResponseEntity.created(java.net.URI.create("/api/v1/requests/" + filed.id()))
				.contentType(MediaType.APPLICATION_JSON).body(filed.json());
		}
		catch (DuplicateKeyException ex) {
			// the same key arrived twice at the same moment: the other one won, answer as it did
			return replayed(intake.replay(actor, key, hash).orElseThrow());
		}
	}

	private ResponseEntity<?> replayed(RequestIntake.Replay replay) {
		if (!replay.sameBody()) {
			return ResponseEntity.unprocessableContent().body(ProblemDetail.forStatusAndDetail(
					HttpStatus.UNPROCESSABLE_CONTENT, message("request.error.idempotencyMismatch")));
		}
		return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(replay.responseJson());
	}

	private String createdJson(Request r) {
		return json.writeValueAsString(new Created(r.id(), r.status().name(), r.ownerUsername(), r.resolveDueAt(),
				r.acceptDueAt()));
	}

	@GetMapping
	Page<RequestView> list(@AuthenticationPrincipal Actor actor,
			@RequestParam(required = false) @Pattern(regexp = "OPEN|SUBMITTED|ACCEPTED|IN_PROGRESS|RESOLVED|CLOSED|REJECTED|MERGED") String status,
			@RequestParam(required = false) Long nodeId, @RequestParam(required = false) Boolean overdue,
			@RequestParam(required = false) @Size(max = 40) String category,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		PageResult<RequestView> result = queries.list(actor, new RequestQueries.Filter(status, nodeId, overdue, category),
				page, size);
		return new Page<>(result.items(), page, size, result.total());
	}

	@GetMapping("/{id}")
	RequestView detail(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/accept")
	RequestView accept(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		management.accept(actor, id);
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/transfer")
	RequestView transfer(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Transfer body) {
		management.transfer(actor, id, body.toUsername(), body.toNodeId(), body.reason());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/escalate")
	RequestView escalate(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Reason body) {
		management.escalate(actor, id, body.reason());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/resolve")
	RequestView resolve(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Note body) {
		management.resolve(actor, id, body.note());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/confirm")
	RequestView confirm(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Confirm body) {
		management.confirm(actor, id, body.satisfaction(), body.comment());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/reopen")
	RequestView reopen(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Reason body) {
		management.reopen(actor, id, body.reason());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/reject")
	RequestView reject(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Reason body) {
		management.reject(actor, id, body.reason());
		return queries.detail(actor, id);
	}

	@PostMapping("/{id}/merge")
	RequestView merge(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Merge body) {
		management.merge(actor, id, body.intoId());
		return queries.detail(actor, id);
	}

	@PostMapping(path = "/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<java.util.Map<String, List<Long>>> photos(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam("photos") List<org.springframework.web.multipart.MultipartFile> photos) throws java.io.IOException {
		// checked (size, then type from the first bytes) inside add, before anything is stored
		List<org.xingfu.shared.Upload> files = org.xingfu.shared.Upload.of(photos);
		return ResponseEntity.status(HttpStatus.CREATED).body(java.util.Map.of("photoIds", this.photos.add(actor, id, files)));
	}

	@PostMapping("/{id}/summon")
	List<RequestManagement.Summons> summon(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Summon body) {
		management.summon(actor, id, body.department(), body.note());
		return management.summonses(actor, id);
	}

	@PostMapping("/{id}/acknowledge")
	List<RequestManagement.Summons> acknowledge(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		management.acknowledge(actor, id);
		return management.summonses(actor, id);
	}

	@GetMapping("/{id}/summonses")
	List<RequestManagement.Summons> summonses(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return management.summonses(actor, id);
	}

	@GetMapping("/rates")
	RequestRates rates(@AuthenticationPrincipal Actor actor, @RequestParam long nodeId,
			@RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to) {
		LocalDate end = to == null ? LocalDate.now(BusinessCalendar.ZONE) : to;
		LocalDate start = from == null ? end.withDayOfYear(1) : from;
		if (!start.isBefore(end.plusDays(1))) {
			throw new IllegalArgumentException("from after to");
		}
		return queries.rates(actor, nodeId, start.atStartOfDay(BusinessCalendar.ZONE).toInstant(),
				end.plusDays(1).atStartOfDay(BusinessCalendar.ZONE).toInstant());
	}

	/** The categories with the caller's city's time limits. */
	@GetMapping("/categories")
	List<RequestQueries.Category> categories(@AuthenticationPrincipal Actor actor) {
		return queries.categories(actor.cityId());
	}

	private String message(String key) {
		return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
	}
}
