package org.xingfu.matching;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.format.annotation.DateTimeFormat;
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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.matching.TwoWayLists.Category;
import org.xingfu.matching.TwoWayLists.DemandStatus;
import org.xingfu.matching.TwoWayLists.Kind;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.Upload;
import org.xingfu.shared.RefusedAction;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.UploadRejectedException;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The two-way list pages: demands (open by area), one demand with its steps, resources, dispatch and reports. */
@Controller
class MatchingController {

	record DemandForm(@NotNull Long nodeId, @NotNull Category category, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description, @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate wantedBy,
			@NotNull @Min(1) @Max(100000) Integer beneficiaries) {
	}

	record ResourceForm(@NotNull Kind kind, @NotNull Category category, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description, @NotNull @Min(1) @Max(10000) Integer capacity,
			@NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validUntil) {
	}

	private final TwoWayLists lists;
	private final MatchingQueries queries;
	private final OrganizationDirectory directory;
	private final FileStorage storage;

	MatchingController(TwoWayLists lists, MatchingQueries queries, OrganizationDirectory directory, FileStorage storage) {
		this.storage = storage;
		this.lists = lists;
		this.queries = queries;
		this.directory = directory;
	}

	@GetMapping("/matching")
	String demands(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String status,
			@RequestParam(defaultValue = "0") int page, Model model) {
		DemandStatus s = status.matches("OPEN|CLAIMED|DELIVERED|CONFIRMED") ? DemandStatus.valueOf(status) : null;
		model.addAttribute("result", queries.demands(actor, s, Math.max(0, page), 20));
		model.addAttribute("status", s == null ? "" : s.name());
		model.addAttribute("openByArea", queries.openByArea(actor));
		model.addAttribute("unit", actor.personId() == null ? null
				: directory.partnerUnitsOf(actor.personId()).stream().findFirst().orElse(null));
		model.addAttribute("poster", actor.hasAny(TwoWayLists.COMPOUND_SIDE));
		return "matching/demands";
	}

	@GetMapping("/matching/demands/new")
	String demandForm(@AuthenticationPrincipal Actor actor, Model model) {
		if (!model.containsAttribute("demandForm")) {
			model.addAttribute("demandForm", new DemandForm(null, null, null, null, null, 1));
		}
		model.addAttribute("places", directory.compoundsInScope(actor, 200));
		return "matching/demand-new";
	}

	@PostMapping("/matching/demands/new")
	String postDemand(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("demandForm") DemandForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				long id = lists.postDemand(actor, new TwoWayLists.NewDemand(form.nodeId(), form.category(), form.title(),
						form.description(), form.wantedBy(), form.beneficiaries()));
				redirect.addFlashAttribute("flash", "flash.demandPosted");
				return "redirect:/matching/demands/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey());
			}
			catch (NotFoundException ex) {
				errors.rejectValue("nodeId", "matching.error.place");
			}
		}
		return demandForm(actor, model);
	}

	@GetMapping("/matching/demands/{id}")
	String demand(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		var d = lists.visible(actor, id);
		var unit = actor.personId() == null ? null
				: directory.partnerUnitsOf(actor.personId()).stream().findFirst().orElse(null);
		model.addAttribute("demand", d);
		model.addAttribute("photoIds", lists.photoIds(id));
		model.addAttribute("suggestions", d.status() == DemandStatus.OPEN ? queries.suggestions(actor, id) : List.of());
		model.addAttribute("canClaim", unit != null && d.status() == DemandStatus.OPEN);
		model.addAttribute("canDeliver", unit != null && d.status() == DemandStatus.CLAIMED
				&& d.partnerUnitId() != null && d.partnerUnitId() == unit.id());
		model.addAttribute("canConfirm", d.status() == DemandStatus.DELIVERED
				&& actor.reaches(d.nodePath(), TwoWayLists.COMPOUND_SIDE));
		model.addAttribute("place", directory.address(d.nodePath()));
		model.addAttribute("myResources", unit == null ? List.of() : queries.resources(actor).stream()
			.filter(r -> r.partnerUnitId() == unit.id() && r.remaining() > 0).toList());
		return "matching/demand";
	}

	@PostMapping("/matching/demands/{id}/{action:claim|confirm}")
	String act(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable String action,
			@RequestParam(required = false) Long resourceId, RedirectAttributes redirect) {
		try {
			if (action.equals("claim")) {
				lists.claim(actor, id, resourceId);
			}
			else {
				lists.confirm(actor, id);
			}
			redirect.addFlashAttribute("flash", "flash.demand." + action);
		}
		catch (ConflictException | InvalidFieldException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/matching/demands/" + id;
	}

	@PostMapping("/matching/demands/{id}/deliver")
	String deliver(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "") String note,
			@RequestParam(name = "photos", required = false) List<MultipartFile> files, RedirectAttributes redirect)
			throws IOException {
		List<org.xingfu.shared.Upload> photos = org.xingfu.shared.Upload.of(files);
		if (photos.isEmpty()) {
			redirect.addFlashAttribute("error", "wish.error.photoRequired");
			return "redirect:/matching/demands/" + id;
		}
		try {
			lists.deliver(actor, id, note.length() > 500 ? note.substring(0, 500) : note, photos);
			redirect.addFlashAttribute("flash", "flash.demand.deliver");
		}
		catch (UploadRejectedException | ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/matching/demands/" + id;
	}

	@GetMapping("/matching/demands/{id}/photos/{photoId}")
	ResponseEntity<InputStreamResource> photo(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long photoId) throws IOException {
		lists.visible(actor, id);
		String[] photo = lists.photo(id, photoId).orElseThrow(() -> new NotFoundException("photo", photoId));
		return Upload.serve(storage, photo[0], photo[1]);
	}

	@GetMapping("/matching/resources")
	String resources(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("resources", queries.resources(actor));
		model.addAttribute("unit", actor.personId() == null ? null
				: directory.partnerUnitsOf(actor.personId()).stream().findFirst().orElse(null));
		if (!model.containsAttribute("resourceForm")) {
			model.addAttribute("resourceForm", new ResourceForm(null, null, null, null, 1, null));
		}
		return "matching/resources";
	}

	@PostMapping("/matching/resources")
	String publish(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("resourceForm") ResourceForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				lists.publishResource(actor, new TwoWayLists.NewResource(form.kind(), form.category(), form.title(),
						form.description(), form.capacity(), null, form.validUntil()));
				redirect.addFlashAttribute("flash", "flash.resourcePublished");
				return "redirect:/matching/resources";
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey());
			}
		}
		return resources(actor, model);
	}

	/** The dispatch list of a month (next month by default) and the bi-monthly circulation report. */
	@GetMapping("/matching/reports")
	String reports(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String month,
			@RequestParam(defaultValue = "") String from, Model model) {
		YearMonth m = parse(month, YearMonth.from(lists.today()).plusMonths(1));
		YearMonth f = parse(from, bimonth(YearMonth.from(lists.today())));
		model.addAttribute("month", m);
		model.addAttribute("from", f);
		model.addAttribute("to", f.plusMonths(1));
		model.addAttribute("dispatch", queries.dispatchList(actor, m));
		model.addAttribute("report", queries.circulation(actor, f));
		model.addAttribute("dispatcher", actor.hasAny(java.util.EnumSet.of(org.xingfu.shared.Role.STREET_ADMIN,
				org.xingfu.shared.Role.CITY_ADMIN, org.xingfu.shared.Role.COMMUNITY_STAFF)));
		return "matching/reports";
	}

	@PostMapping("/matching/reports/dispatch")
	String dispatch(@AuthenticationPrincipal Actor actor, @RequestParam String month, RedirectAttributes redirect) {
		YearMonth m = parse(month, YearMonth.from(lists.today()).plusMonths(1));
		try {
			int sent = lists.dispatch(actor, m, queries.dispatchList(actor, m));
			redirect.addFlashAttribute("flash", "flash.demandsDispatched");
			redirect.addFlashAttribute("sent", sent);
		}
		catch (ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/matching/reports?month=" + m;
	}

	@GetMapping("/matching/reports/circulation.xlsx")
	ResponseEntity<StreamingResponseBody> circulation(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "") String from) {
		YearMonth f = parse(from, bimonth(YearMonth.from(lists.today())));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
				.filename("双向清单通报-" + f + ".xlsx", java.nio.charset.StandardCharsets.UTF_8).build().toString())
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.body(out -> queries.writeCirculation(actor, f, out));
	}

	/** Reports run over two-month periods starting in January, March, May... */
	static YearMonth bimonth(YearMonth month) {
		return month.getMonthValue() % 2 == 1 ? month : month.minusMonths(1);
	}

	private static YearMonth parse(String value, YearMonth fallback) {
		try {
			return value.isBlank() ? fallback : YearMonth.parse(value);
		}
		catch (DateTimeParseException ex) {
			return fallback;
		}
	}
}
