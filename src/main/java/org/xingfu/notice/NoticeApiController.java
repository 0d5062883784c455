package org.xingfu.notice;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
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
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Upload;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 公示 over JSON: staff publish, correct and withdraw; residents object; anyone reads public notices. */
@RestController
class NoticeApiController {

	record NewNotice(@NotNull Long nodeId, @NotNull NoticeScope scope, @NotNull NoticeType type,
			@NotBlank @Size(max = 100) String title, @NotBlank @Size(max = 20000) String body, Instant startsAt,
			@NotNull Instant endsAt) {
	}

	record Correction(@NotBlank @Size(max = 100) String title, @NotBlank @Size(max = 20000) String body,
			Instant endsAt) {
	}

	record Reason(@NotBlank @Size(max = 500) String reason) {
	}

	record Text(@NotBlank @Size(max = 2000) String text) {
	}

	record NewBoard(@NotNull Long compoundId, @NotBlank @Size(max = 60) String name,
			@NotBlank @Size(max = 200) String place) {
	}

	private final Notices notices;
	private final Boards boards;
	private final BoardPoster poster;
	private final NoticeSettings settings;
	private final org.xingfu.organization.OrganizationDirectory directory;

	NoticeApiController(Notices notices, Boards boards, BoardPoster poster, NoticeSettings settings,
			org.xingfu.organization.OrganizationDirectory directory) {
		this.notices = notices;
		this.boards = boards;
		this.poster = poster;
		this.settings = settings;
		this.directory = directory;
	}

	@GetMapping("/api/v1/notices")
	List<Notice> list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "false") boolean current) {
		return notices.list(actor, current, 200);
	}

	@PostMapping(path = "/api/v1/notices", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Notice> publish(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewNotice body)
			throws IOException {
		long id = notices.publish(actor, body.nodeId(), body.scope(), body.type(), body.title(), body.body(),
				body.startsAt(), body.endsAt(), List.of());
		return created(actor, id);
	}

	/** The same with attachments (pictures or PDF files) as a multipart form. */
	@PostMapping(path = "/api/v1/notices", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Notice> publishWithFiles(@AuthenticationPrincipal Actor actor, @Valid NewNotice body,
			@RequestParam(name = "files", required = false) List<org.springframework.web.multipart.MultipartFile> files)
			throws IOException {
		long id = notices.publish(actor, body.nodeId(), body.scope(), body.type(), body.title(), body.body(),
				body.startsAt(), body.endsAt(), Upload.of(files));
		return created(actor, id);
	}

	@GetMapping("/api/v1/notices/{id}")
	Notice notice(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return notices.visible(actor, id);
	}

	@PostMapping("/api/v1/notices/{id}/corrections")
	ResponseEntity<Notice> correct(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Correction body) {
		return created(actor, notices.correct(actor, id, body.title(), body.body(), body.endsAt()));
	}

	@PostMapping("/api/v1/notices/{id}/withdraw")
	Notice withdraw(@AuthenticationPrincipal Actor actor, @PathVariable long id, @Valid @RequestBody Reason body) {
		return notices.withdraw(actor, id, body.reason());
	}

	@GetMapping("/api/v1/notices/{id}/objections")
	List<Notices.Objection> objections(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return notices.objections(actor, id);
	}

	@PostMapping("/api/v1/notices/{id}/objections")
	ResponseEntity<Map<String, Object>> object(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Valid @RequestBody Text body) {
		long objection = notices.object(actor, id, body.text());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Location", "/api/v1/notices/" + id + "/objections/" + objection)
			.body(Map.of("id", objection, "noticeId", id));
	}

	@PostMapping("/api/v1/notices/{id}/objections/{objectionId}/answer")
	Notices.Objection answer(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long objectionId, @Valid @RequestBody Text body) {
		return notices.answer(actor, id, objectionId, body.text());
	}

	/** Anyone, without a token: the current public notices that concern a place (posted at it, above or below it). */
	@GetMapping("/api/v1/public/notices")
	List<Notice> publicNotices(@RequestParam long nodeId,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return notices.currentAt(null, nodeId, limit);
	}

	@GetMapping("/api/v1/public/notices/{id}")
	Notice publicNotice(@PathVariable long id) {
		return notices.visible(null, id);
	}

	@GetMapping("/api/v1/boards")
	List<Boards.Board> boards(@AuthenticationPrincipal Actor actor) {
		return boards.list(actor, 500);
	}

	@PostMapping("/api/v1/boards")
	ResponseEntity<Boards.Board> register(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewBoard body) {
		long id = boards.register(actor, body.compoundId(), body.name(), body.place());
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/boards/" + id)
			.body(boards.find(id).orElseThrow());
	}

	@GetMapping(path = "/api/v1/boards/{id}/poster", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> poster(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			HttpServletRequest request) throws IOException {
		return posterOf(boards.managed(actor, id), request);
	}

	ResponseEntity<byte[]> posterOf(Boards.Board board, HttpServletRequest request) throws IOException {
		byte[] pdf = poster.render(board.name(), board.place(), directory.address(board.nodePath()),
				boardUrl(board.id(), request));
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
			.header("Content-Disposition", "attachment; filename=\"board-" + board.id() + ".pdf\"").body(pdf);
	}

	/** The address a board's QR code opens: the configured public address, else the one this request came to. */
	String boardUrl(long boardId, HttpServletRequest request) {
		String base = settings.publicUrl().isEmpty()
				? org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request).build()
					.toUriString()
				: settings.publicUrl();
		return base + "/boards/" + boardId;
	}

	private ResponseEntity<Notice> created(Actor actor, long id) {
		return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/notices/" + id)
			.body(notices.visible(actor, id));
	}
}
