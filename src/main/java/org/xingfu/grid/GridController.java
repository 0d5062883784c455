package org.xingfu.grid;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.request.RequestQueries;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.Upload;
import org.xingfu.shared.UploadRejectedException;

/**
 * The grid worker's pages, made for one thumb on a cheap phone: the home with today's visits, the overdue ones, open
 * disputes and findings and six big buttons for a log; the log form (a hidden key makes a resubmission harmless);
 * a hazard filed as a request; special care; disputes and environment findings.
 */
@Controller
class GridController {

	private final FieldLogs logs;
	private final CareResidents care;
	private final Disputes disputes;
	private final EnvironmentInspections inspections;
	private final OrganizationDirectory directory;
	private final RequestQueries requests;

	private final org.springframework.context.ApplicationEventPublisher events;

	GridController(FieldLogs logs, CareResidents care, Disputes disputes, EnvironmentInspections inspections,
			OrganizationDirectory directory, RequestQueries requests,
			org.springframework.context.ApplicationEventPublisher events) {
		this.events = events;
		this.logs = logs;
		this.care = care;
		this.disputes = disputes;
		this.inspections = inspections;
		this.directory = directory;
		this.requests = requests;
	}

	/** The buildings the reader works in, with their addresses, for the place pickers. */
	private Map<Long, String> places(Actor actor) {
		List<NodeRef> buildings = new ArrayList<>();
		for (NodeRef root : directory.scopeRoots(actor)) {
			if (root.type() == NodeType.BUILDING) {
				buildings.add(root);
			}
			else if (root.type().ordinal() < NodeType.BUILDING.ordinal() && actor.reaches(root.path(), FieldLogs.FIELD)) {
				buildings.addAll(directory.descendants(actor, root.id(), NodeType.BUILDING, 200));
			}
		}
		Map<String, String> addresses = directory.addresses(buildings.stream().map(NodeRef::path).toList());
		Map<Long, String> result = new LinkedHashMap<>();
		buildings.forEach(b -> result.put(b.id(), addresses.get(b.path())));
		return result;
	}

	private NodeRef home(Actor actor) {
		return directory.scopeRoots(actor).stream().filter(r -> actor.reaches(r.path(), FieldLogs.FIELD))
			.map(r -> directory.ancestry(r.path()).stream().filter(n -> n.type() == NodeType.COMMUNITY).findFirst().orElse(r))
			.findFirst().orElseThrow(() -> new ForbiddenException("grid"));
	}

	@GetMapping("/grid")
	String home(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.hasAny(FieldLogs.FIELD)) {
			throw new ForbiddenException("grid");
		}
		NodeRef community = home(actor);
		List<CareResidents.Care> cares = actor.hasAny(CareResidents.READERS) ? care.under(actor, community.id(), false)
				: List.of();
		LocalDate soon = LocalDate.now(CareResidents.CHINA).plusDays(3);
		model.addAttribute("community", community);
		model.addAttribute("dueVisits", cares.stream().filter(c -> !c.dueOn().isAfter(soon)).toList());
		model.addAttribute("overdueCount", cares.stream().filter(CareResidents.Care::overdue).count());
		model.addAttribute("careAddresses", directory.addresses(cares.stream().map(CareResidents.Care::nodePath).toList()));
		model.addAttribute("disputes", disputes.under(actor, community.path(), true));
		model.addAttribute("inspections", inspections.open(actor, community.path()));
		model.addAttribute("openRequests", requests.list(actor, new RequestQueries.Filter("OPEN", null, null, null), 0, 1).total());
		model.addAttribute("mine", logs.mine(actor, 10));
		model.addAttribute("kinds", FieldLogs.Kind.values());
		// the community's staff see the environment findings per compound and kind (grid workers see their list)
		boolean communityView = actor.canRead(community.path());
		model.addAttribute("counts", communityView ? inspections.counts(actor, community.id()) : List.of());
		Map<String, String> kindNames = new LinkedHashMap<>();
		boolean zh = org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage().equals("zh");
		inspections.kinds().forEach(k -> kindNames.put(k.code(), zh ? k.nameZh() : k.nameEn()));
		model.addAttribute("kindNames", kindNames);
		return "grid/home";
	}

	@GetMapping("/grid/logs/new")
	String logForm(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) FieldLogs.Kind kind,
			@RequestParam(required = false) Long careId, @RequestParam(required = false) Long nodeId, Model model) {
		if (!actor.hasAny(FieldLogs.FIELD)) {
			throw new ForbiddenException("grid");
		}
		model.addAttribute("places", places(actor));
		model.addAttribute("kind", kind == null ? FieldLogs.Kind.CONDITIONS : kind);
		model.addAttribute("careId", careId);
		model.addAttribute("nodeId", nodeId);
		model.addAttribute("nodeName", nodeId == null ? null
				: directory.findNode(nodeId).filter(n -> actor.canRead(n.path())).map(n -> directory.address(n.path())).orElse(null));
		model.addAttribute("kinds", FieldLogs.Kind.values());
		// a fresh key per form: sending it twice (a stairwell, a double tap) stores one log
		model.addAttribute("key", UUID.randomUUID().toString());
		return "grid/log-new";
	}

	@PostMapping("/grid/logs")
	String log(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(required = false) FieldLogs.Kind kind, @RequestParam(defaultValue = "") String note,
			@RequestParam(required = false) Long careId, @RequestParam(required = false) String key,
			@RequestParam(name = "photos", required = false) List<MultipartFile> photos, RedirectAttributes redirect)
			throws IOException {
		if (nodeId == null || kind == null || note.isBlank() || note.length() > 2000) {
			redirect.addFlashAttribute("error", "grid.error.logForm");
			return "redirect:/grid/logs/new" + (careId != null ? "?careId=" + careId + "&nodeId=" + nodeId : "");
		}
		String k = key == null || key.isBlank() || key.length() > 100 ? null : key;
		try {
			FieldLogs.Stored stored;
			try {
				stored = logs.log(actor, nodeId, kind, note, careId, k, Upload.of(photos));
			}
			catch (DuplicateKeyException ex) {
				stored = logs.log(actor, nodeId, kind, note, careId, k, List.of());
			}
			redirect.addFlashAttribute("flash", "flash.grid.logged");
			return "redirect:/grid/logs/" + stored.log().id();
		}
		catch (InvalidFieldException | UploadRejectedException | ConflictException | ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", ex instanceof NotFoundException || ex instanceof ForbiddenException
					? "grid.error.place" : RefusedAction.messageKey(ex));
			return "redirect:/grid/logs/new";
		}
	}

	@GetMapping("/grid/logs/{id}")
	String logPage(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		FieldLogs.Log log = logs.visible(actor, id);
		model.addAttribute("log", log);
		model.addAttribute("place", directory.address(log.nodePath()));
		model.addAttribute("photos", logs.photos(id));
		return "grid/log";
	}

	@GetMapping("/grid/logs/{id}/photos/{photoId}")
	org.springframework.http.ResponseEntity<org.springframework.core.io.InputStreamResource> photo(
			@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long photoId) throws IOException {
		String[] p = logs.photo(actor, id, photoId);
		return Upload.serve(logs.storage(), p[0], p[1]);
	}

	@GetMapping("/grid/hazards/new")
	String hazardForm(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.hasAny(FieldLogs.FIELD)) {
			throw new ForbiddenException("grid");
		}
		model.addAttribute("places", places(actor));
		model.addAttribute("categories", requests.categories(actor.cityId()));
		model.addAttribute("key", UUID.randomUUID().toString());
		return "grid/hazard-new";
	}

	@PostMapping("/grid/hazards")
	String hazard(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String title,
			@RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "GENERAL") String urgency,
			@RequestParam(required = false) String key, RedirectAttributes redirect) {
		if (nodeId == null || category.isBlank() || title.isBlank() || title.length() > 100 || description.isBlank()
				|| description.length() > 2000 || !urgency.matches("EMERGENCY|UTILITY|GENERAL|COMPLEX")) {
			redirect.addFlashAttribute("error", "grid.error.hazardForm");
			return "redirect:/grid/hazards/new";
		}
		String k = key == null || key.isBlank() || key.length() > 100 ? null : key;
		try {
			FieldLogs.Stored stored;
			try {
				stored = logs.hazard(actor, nodeId, category, title, description, urgency, k);
			}
			catch (DuplicateKeyException ex) {
				stored = logs.hazard(actor, nodeId, category, title, description, urgency, k);
			}
			redirect.addFlashAttribute("flash", "flash.grid.hazard");
			return "redirect:/grid/logs/" + stored.log().id();
		}
		catch (InvalidFieldException | ConflictException | ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", ex instanceof InvalidFieldException i ? i.messageKey() : "grid.error.place");
			return "redirect:/grid/hazards/new";
		}
	}

	/**
	 * The special-care list as the reader sees it, as a sheet for visits on paper; personal data, so the export is
	 * recorded in the audit log with the number of people in it (domain.md section 14).
	 */
	@GetMapping("/grid/care/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> careSheet(@AuthenticationPrincipal Actor actor) {
		if (!actor.hasAny(CareResidents.READERS)) {
			throw new ForbiddenException("care-read");
		}
		NodeRef community = home(actor);
		List<CareResidents.Care> list = care.under(actor, community.id(), false);
		Map<String, String> addresses = directory.addresses(list.stream().map(CareResidents.Care::nodePath).toList());
		Map<String, String> names = new LinkedHashMap<>();
		care.categories().forEach(c -> names.put(c.code(), c.nameZh()));
		List<List<Object>> rows = new java.util.ArrayList<>();
		for (CareResidents.Care c : list) {
			rows.add(java.util.Arrays.asList(c.name(), addresses.get(c.nodePath()), names.getOrDefault(c.category(), c.category()),
					c.intervalDays(), c.lastVisit(), c.dueOn(), c.overdue() ? "逾期" : "", c.note()));
		}
		events.publishEvent(org.xingfu.shared.ActionRecorded.of(actor.username(), "CARE_LIST_EXPORTED", "node",
				community.id(), community.path(), list.size() + " people"));
		return org.xingfu.shared.Sheets.download("care.xlsx", org.xingfu.shared.Sheets.of("特殊群体",
				community.name() + " 特殊群体走访台账", List.of("姓名", "地址", "类别", "走访间隔（天）", "上次走访", "应访日期", "逾期", "备注"),
				rows));
	}

	@GetMapping("/grid/care")
	String careList(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.hasAny(CareResidents.READERS)) {
			throw new ForbiddenException("care-read");
		}
		NodeRef community = home(actor);
		List<CareResidents.Care> list = care.under(actor, community.id(), false);
		model.addAttribute("cares", list);
		model.addAttribute("addresses", directory.addresses(list.stream().map(CareResidents.Care::nodePath).toList()));
		model.addAttribute("categories", care.categories());
		Map<String, String> names = new LinkedHashMap<>();
		boolean zh = org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage().equals("zh");
		care.categories().forEach(c -> names.put(c.code(), zh ? c.nameZh() : c.nameEn()));
		model.addAttribute("categoryNames", names);
		return "grid/care";
	}

	@PostMapping("/grid/care")
	String register(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long personId,
			@RequestParam(defaultValue = "") String category, @RequestParam(required = false) String note,
			RedirectAttributes redirect) {
		if (personId == null || category.isBlank() || (note != null && note.length() > 500)) {
			redirect.addFlashAttribute("error", "grid.error.careForm");
			return "redirect:/grid/care";
		}
		try {
			care.register(actor, personId, category, null, note);
			redirect.addFlashAttribute("flash", "flash.grid.care");
		}
		catch (InvalidFieldException | ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", ex instanceof ForbiddenException ? "grid.error.person" : RefusedAction.messageKey(ex));
		}
		return "redirect:/grid/care";
	}

	@GetMapping("/grid/disputes/new")
	String disputeForm(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("places", places(actor));
		return "grid/dispute-new";
	}

	@PostMapping("/grid/disputes")
	String openDispute(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "") String title, @RequestParam(required = false) Disputes.Kind kind,
			@RequestParam(defaultValue = "") String parties, RedirectAttributes redirect) {
		if (nodeId == null || kind == null || title.isBlank() || title.length() > 100 || parties.isBlank()
				|| parties.length() > 500) {
			redirect.addFlashAttribute("error", "grid.error.disputeForm");
			return "redirect:/grid/disputes/new";
		}
		try {
			long id = disputes.open(actor, nodeId, title, kind, parties);
			redirect.addFlashAttribute("flash", "flash.grid.dispute");
			return "redirect:/grid/disputes/" + id;
		}
		catch (ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", "grid.error.place");
			return "redirect:/grid/disputes/new";
		}
	}

	@GetMapping("/grid/disputes/{id}")
	String dispute(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		Disputes.Dispute d = disputes.visible(actor, id);
		model.addAttribute("d", d);
		model.addAttribute("place", directory.address(d.nodePath()));
		model.addAttribute("sessions", disputes.sessions(id));
		model.addAttribute("field", actor.reaches(d.nodePath(), FieldLogs.FIELD));
		model.addAttribute("today", LocalDate.now(CareResidents.CHINA));
		return "grid/dispute";
	}

	@PostMapping("/grid/disputes/{id}/sessions")
	String session(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) LocalDate heldOn,
			@RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
		if (heldOn == null || note.isBlank() || note.length() > 2000) {
			return refuse(redirect, "/grid/disputes/" + id, "grid.error.text");
		}
		return act(redirect, "/grid/disputes/" + id, "flash.grid.session", () -> disputes.session(actor, id, heldOn, note));
	}

	@PostMapping("/grid/disputes/{id}/conclusion")
	String conclude(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "false") boolean agreed, @RequestParam(defaultValue = "") String text,
			@RequestParam(required = false) LocalDate followUpOn, RedirectAttributes redirect) {
		if (text.isBlank() || text.length() > 2000) {
			return refuse(redirect, "/grid/disputes/" + id, "grid.error.text");
		}
		return act(redirect, "/grid/disputes/" + id, "flash.grid.concluded",
				() -> disputes.conclude(actor, id, agreed, text, followUpOn));
	}

	@PostMapping("/grid/disputes/{id}/follow-up")
	String followUp(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String note,
			RedirectAttributes redirect) {
		if (note.isBlank() || note.length() > 1000) {
			return refuse(redirect, "/grid/disputes/" + id, "grid.error.text");
		}
		return act(redirect, "/grid/disputes/" + id, "flash.grid.closed", () -> disputes.followUp(actor, id, note));
	}

	@GetMapping("/grid/inspections/new")
	String inspectionForm(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("places", places(actor));
		model.addAttribute("kinds", inspections.kinds());
		model.addAttribute("deadline", LocalDate.now(CareResidents.CHINA).plusDays(7));
		return "grid/inspection-new";
	}

	@PostMapping("/grid/inspections")
	String found(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String place,
			@RequestParam(defaultValue = "") String note, @RequestParam(required = false) LocalDate deadline,
			@RequestParam(name = "photos", required = false) List<MultipartFile> photos, RedirectAttributes redirect)
			throws IOException {
		if (nodeId == null || place.isBlank() || place.length() > 200 || note.isBlank() || note.length() > 1000) {
			redirect.addFlashAttribute("error", "grid.error.inspectionForm");
			return "redirect:/grid/inspections/new";
		}
		try {
			long id = inspections.found(actor, nodeId, kind, place, note, deadline, Upload.of(photos));
			redirect.addFlashAttribute("flash", "flash.grid.found");
			return "redirect:/grid/inspections/" + id;
		}
		catch (InvalidFieldException | UploadRejectedException | ConflictException | ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", ex instanceof NotFoundException || ex instanceof ForbiddenException
					? "grid.error.place" : RefusedAction.messageKey(ex));
			return "redirect:/grid/inspections/new";
		}
	}

	@GetMapping("/grid/inspections/{id}")
	String inspection(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		EnvironmentInspections.Inspection i = inspections.visible(actor, id);
		model.addAttribute("i", i);
		model.addAttribute("address", directory.address(i.nodePath()));
		model.addAttribute("field", actor.reaches(i.nodePath(), FieldLogs.FIELD));
		model.addAttribute("today", LocalDate.now(CareResidents.CHINA));
		return "grid/inspection";
	}

	@PostMapping("/grid/inspections/{id}/reinspection")
	String reinspect(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "false") boolean rectified, @RequestParam(required = false) String note,
			@RequestParam(required = false) LocalDate newDeadline,
			@RequestParam(name = "photos", required = false) List<MultipartFile> photos, RedirectAttributes redirect) {
		if (note != null && note.length() > 1000) {
			return refuse(redirect, "/grid/inspections/" + id, "grid.error.text");
		}
		return act(redirect, "/grid/inspections/" + id, rectified ? "flash.grid.rectified" : "flash.grid.extended", () -> {
			try {
				inspections.reinspect(actor, id, rectified, note, newDeadline, Upload.of(photos));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
	}

	private String act(RedirectAttributes redirect, String back, String flash, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("flash", flash);
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException | UploadRejectedException ex) {
			RefusedAction.flash(redirect, ex, "grid.error.notYours");
		}
		return "redirect:" + back;
	}

	private static String refuse(RedirectAttributes redirect, String back, String key) {
		redirect.addFlashAttribute("error", key);
		return "redirect:" + back;
	}
}
