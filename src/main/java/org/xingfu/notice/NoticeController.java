package org.xingfu.notice;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.Upload;
import org.xingfu.shared.UploadRejectedException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Notice pages. A notice's page and a board's page open without signing in (a QR code on a board in the stairwell
 * leads there); publishing, correcting, withdrawing, objecting and answering need an account.
 */
@Controller
class NoticeController {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	record NoticeForm(@NotNull Long nodeId, @NotNull NoticeScope scope, @NotNull NoticeType type,
			@NotBlank @Size(max = 100) String title, @NotBlank @Size(max = 20000) String body,
			@DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime startsAt,
			@NotNull @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime endsAt) {
	}

	record BoardForm(@NotNull Long compoundId, @NotBlank @Size(max = 60) String name,
			@NotBlank @Size(max = 200) String place) {
	}

	private final Notices notices;
	private final Boards boards;
	private final OrganizationDirectory directory;
	private final FileStorage storage;
	private final NoticeApiController api;

	NoticeController(Notices notices, Boards boards, OrganizationDirectory directory, FileStorage storage,
			NoticeApiController api) {
		this.notices = notices;
		this.boards = boards;
		this.directory = directory;
		this.storage = storage;
		this.api = api;
	}

	@GetMapping("/notices")
	String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "true") boolean current,
			Model model) {
		List<Notice> list = notices.list(actor, current, 200);
		model.addAttribute("notices", list);
		model.addAttribute("current", current);
		model.addAttribute("places", directory.addresses(list.stream().map(Notice::nodePath).toList()));
		model.addAttribute("publisher", actor.hasAny(Notices.PUBLISHERS));
		return "notices/list";
	}

	@GetMapping("/notices/new")
	String form(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.hasAny(Notices.PUBLISHERS)) {
			throw new ForbiddenException("publish");
		}
		if (!model.containsAttribute("noticeForm")) {
			LocalDateTime now = LocalDateTime.now(CHINA).withSecond(0).withNano(0);
			model.addAttribute("noticeForm",
					new NoticeForm(null, NoticeScope.PUBLIC, null, null, null, null, now.plusDays(10)));
		}
		List<NodeRef> places = places(actor);
		model.addAttribute("places", places);
		model.addAttribute("placeNames", directory.addresses(places.stream().map(NodeRef::path).toList()));
		model.addAttribute("minimumDays", java.util.Arrays.stream(NoticeType.values())
			.collect(java.util.stream.Collectors.toMap(t -> t, notices::minimumDays)));
		return "notices/new";
	}

	@PostMapping("/notices/new")
	String publish(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("noticeForm") NoticeForm form,
			BindingResult errors, @RequestParam(name = "files", required = false) List<MultipartFile> files,
			Model model, RedirectAttributes redirect) throws IOException {
		if (!errors.hasErrors()) {
			try {
				long id = notices.publish(actor, form.nodeId(), form.scope(), form.type(), form.title(), form.body(),
						form.startsAt() == null ? null : form.startsAt().atZone(CHINA).toInstant(),
						form.endsAt().atZone(CHINA).toInstant(), Upload.of(files));
				redirect.addFlashAttribute("flash", "flash.noticePublished");
				return "redirect:/notices/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey(), ex.args(), null);
			}
			catch (NotFoundException ex) {
				errors.rejectValue("nodeId", "matching.error.place");
			}
			catch (ForbiddenException ex) {
				errors.rejectValue("type", "notice.error.mayNotPublish");
			}
			catch (UploadRejectedException | ConflictException ex) {
				model.addAttribute("error", RefusedAction.messageKey(ex));
			}
		}
		return form(actor, model);
	}

	/** A notice, for anyone if it is public; otherwise sign in first. */
	@GetMapping("/notices/{id}")
	String notice(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		Notice n;
		try {
			n = notices.visible(actor, id);
		}
		catch (NotFoundException ex) {
			if (actor == null) {
				return "redirect:/login";
			}
			throw ex;
		}
		model.addAttribute("notice", n);
		model.addAttribute("state", n.stateAt(Instant.now()));
		model.addAttribute("place", directory.address(n.nodePath()));
		model.addAttribute("versions", notices.versions(actor, n));
		model.addAttribute("attachments", notices.attachments(id));
		model.addAttribute("objections", notices.objections(actor, id));
		model.addAttribute("signedIn", actor != null);
		model.addAttribute("manager", actor != null && notices.mayPublish(actor, n.nodePath(), n.type()));
		model.addAttribute("resident", actor != null && actor.grants().stream()
			.filter(g -> g.role() == org.xingfu.shared.Role.RESIDENT).flatMap(g -> g.scopePaths().stream())
			.anyMatch(home -> home.startsWith(n.nodePath())));
		return "notices/notice";
	}

	@GetMapping("/notices/{id}/attachments/{attachmentId}")
	ResponseEntity<InputStreamResource> attachment(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long attachmentId) throws IOException {
		String[] stored = notices.attachment(actor, id, attachmentId);
		return Upload.serve(storage, stored[0], stored[1]);
	}

	@PostMapping("/notices/{id}/correct")
	String correct(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String title,
			@RequestParam String body,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime endsAt,
			RedirectAttributes redirect) {
		if (title.isBlank() || body.isBlank() || title.length() > 100 || body.length() > 20000) {
			redirect.addFlashAttribute("error", "notice.error.correction");
			return "redirect:/notices/" + id;
		}
		try {
			long newId = notices.correct(actor, id, title, body, endsAt == null ? null : endsAt.atZone(CHINA).toInstant());
			redirect.addFlashAttribute("flash", "flash.noticeCorrected");
			return "redirect:/notices/" + newId;
		}
		catch (InvalidFieldException ex) {
			redirect.addFlashAttribute("error", ex.messageKey());
			redirect.addFlashAttribute("errorArgs", ex.args());
		}
		catch (ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
			redirect.addFlashAttribute("errorArgs", ex instanceof ConflictException c ? c.args() : null);
		}
		return "redirect:/notices/" + id;
	}

	@PostMapping("/notices/{id}/withdraw")
	String withdraw(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String reason,
			RedirectAttributes redirect) {
		return act(id, reason, 500, "notice.error.reason", "flash.noticeWithdrawn", null, redirect,
				() -> notices.withdraw(actor, id, reason));
	}

	@PostMapping("/notices/{id}/objections")
	String object(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam String text,
			RedirectAttributes redirect) {
		return act(id, text, 2000, "notice.error.objectionText", "flash.objectionFiled", "notice.error.notResident",
				redirect, () -> notices.object(actor, id, text));
	}

	@PostMapping("/notices/{id}/objections/{objectionId}/answer")
	String answer(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long objectionId,
			@RequestParam String text, RedirectAttributes redirect) {
		return act(id, text, 2000, "notice.error.objectionText", "flash.objectionAnswered", null, redirect,
				() -> notices.answer(actor, id, objectionId, text));
	}

	/**
	 * The shape of every action on a notice's page: the text checked first (blank or too long: the page says so and
	 * nothing changes), then the action, with a refusal shown as a message on the page.
	 */
	private String act(long id, String text, int max, String textError, String flash, String forbiddenKey,
			RedirectAttributes redirect, Runnable action) {
		if (text.isBlank() || text.length() > max) {
			redirect.addFlashAttribute("error", textError);
			return "redirect:/notices/" + id;
		}
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", ex instanceof ForbiddenException && forbiddenKey != null ? forbiddenKey
					: RefusedAction.messageKey(ex));
			redirect.addFlashAttribute("errorArgs", ex instanceof ConflictException c ? c.args() : null);
		}
		return "redirect:/notices/" + id;
	}

	/** A board's page, opened from the QR code on its poster: the current notices of its compound and above. */
	@GetMapping("/boards/{id}")
	String board(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		Boards.Board board = boards.find(id).orElseThrow(() -> new NotFoundException("board", id));
		model.addAttribute("board", board);
		model.addAttribute("address", directory.address(board.nodePath()));
		model.addAttribute("notices", notices.currentAt(actor, board.compoundId(), 100));
		model.addAttribute("signedIn", actor != null);
		return "notices/board";
	}

	@GetMapping("/notices/boards")
	String boardList(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.hasAny(Notices.PUBLISHERS)) {
			throw new ForbiddenException("board");
		}
		List<Boards.Board> list = boards.list(actor, 500);
		model.addAttribute("boards", list);
		model.addAttribute("addresses", directory.addresses(list.stream().map(Boards.Board::nodePath).toList()));
		model.addAttribute("compounds", places(actor).stream().filter(n -> n.type() == NodeType.COMPOUND).toList());
		if (!model.containsAttribute("boardForm")) {
			model.addAttribute("boardForm", new BoardForm(null, null, null));
		}
		return "notices/boards";
	}

	@PostMapping("/notices/boards")
	String register(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("boardForm") BoardForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				boards.register(actor, form.compoundId(), form.name(), form.place());
				redirect.addFlashAttribute("flash", "flash.boardRegistered");
				return "redirect:/notices/boards";
			}
			catch (NotFoundException | ForbiddenException ex) {
				errors.rejectValue("compoundId", "matching.error.place");
			}
		}
		return boardList(actor, model);
	}

	@GetMapping("/notices/boards/{id}/poster.pdf")
	ResponseEntity<byte[]> poster(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			HttpServletRequest request) throws IOException {
		return api.posterOf(boards.managed(actor, id), request);
	}

	/** The places a publisher posts at: their own nodes, and the communities and compounds below them. */
	private List<NodeRef> places(Actor actor) {
		List<NodeRef> out = new ArrayList<>();
		for (NodeRef root : directory.scopeRoots(actor)) {
			if (!actor.reaches(root.path(), Notices.PUBLISHERS)) {
				continue;
			}
			out.add(root);
			for (NodeType type : List.of(NodeType.STREET, NodeType.COMMUNITY, NodeType.COMPOUND)) {
				if (type.ordinal() > root.type().ordinal()) {
					out.addAll(directory.descendants(actor, root.id(), type, 300));
				}
			}
		}
		out.sort(java.util.Comparator.comparing(NodeRef::path));
		return out.stream().distinct().limit(600).toList();
	}
}
