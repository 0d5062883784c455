package org.xingfu.request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.request.RequestTypes.Satisfaction;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.Upload;
import org.xingfu.shared.UploadRejectedException;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Resident pages: file a request from the phone, follow it, confirm and rate it, or reopen it. */
@Controller
@RequestMapping("/requests")
class RequestController {

	/** Where the problem is, as a resident says it. */
	enum Where {
		HOUSEHOLD, BUILDING, COMPOUND
	}

	record RequestForm(@NotBlank @Size(max = 40) String category, @NotBlank @Size(max = 100) String title,
			@NotBlank @Size(max = 2000) String description,
			@NotNull @Pattern(regexp = "EMERGENCY|UTILITY|GENERAL|COMPLEX") String urgency, @NotNull Where where,
			@Size(max = 12) String contactPreference) {
	}

	record ConfirmForm(@NotNull Satisfaction satisfaction, @Size(max = 500) String comment) {
	}

	record ReopenForm(@NotBlank @Size(max = 500) String reason) {
	}

	private final RequestManagement management;
	private final RequestQueries queries;
	private final RequestPhotos photos;
	private final CategorySuggester suggester;
	private final org.xingfu.organization.OrganizationDirectory directory;

	private final RequestIntake intake;

	RequestController(RequestManagement management, RequestQueries queries, RequestPhotos photos,
			CategorySuggester suggester, org.xingfu.organization.OrganizationDirectory directory, RequestIntake intake) {
		this.intake = intake;
		this.management = management;
		this.queries = queries;
		this.photos = photos;
		this.suggester = suggester;
		this.directory = directory;
	}

	@GetMapping
	String mine(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("result", queries.list(actor, new RequestQueries.Filter(null, null, null, null),
				Math.max(0, page), 20));
		return "requests/mine";
	}

	@GetMapping("/new")
	String form(@AuthenticationPrincipal Actor actor, Model model) {
		if (!model.containsAttribute("requestForm")) {
			model.addAttribute("requestForm", new RequestForm("", "", "", "GENERAL", Where.HOUSEHOLD, "PHONE"));
		}
		model.addAttribute("categories", queries.categories(actor.cityId()));
		model.addAttribute("home", queries.homeCompound(actor).orElse(null));
		// one key per form: sent again after a lost connection (by the draft script or by hand), the form files once
		if (!model.containsAttribute("idempotencyKey")) {
			model.addAttribute("idempotencyKey", java.util.UUID.randomUUID().toString());
		}
		return "requests/new";
	}

	/** A key the form page made (a UUID), or none. */
	static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[0-9a-fA-F-]{8,64}");

	/** The duplicate hint and category suggestion, refreshed as the resident types (htmx). */
	@GetMapping("/suggest")
	String suggest(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String description,
			@RequestParam(defaultValue = "") String title, Model model) {
		String joined = (title + " " + description).strip();
		String text = joined.length() > 2100 ? joined.substring(0, 2100) : joined;
		var suggestion = suggester.suggest(text);
		model.addAttribute("suggestion", suggestion.filter(s -> s.probability() > 0.3).orElse(null));
		model.addAttribute("categories", queries.categories(actor.cityId()));
		model.addAttribute("similar", queries.homeCompound(actor).map(c -> queries.similarOpen(c.id(), text))
			.orElse(List.of()));
		return "requests/new :: hints";
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	String submit(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("requestForm") RequestForm form,
			BindingResult errors, @RequestParam(name = "photos", required = false) List<MultipartFile> files,
			@RequestParam(name = "idempotencyKey", required = false) String formKey, Model model,
			RedirectAttributes redirect) throws IOException {
		String key = formKey != null && KEY.matcher(formKey).matches() ? "page-" + formKey : null;
		String hash = RequestIntake.sha256(String.join("\u001f", String.valueOf(form.category()),
				String.valueOf(form.title()), String.valueOf(form.description()), String.valueOf(form.urgency()),
				String.valueOf(form.where()), String.valueOf(form.contactPreference())));
		if (key != null) {
			model.addAttribute("idempotencyKey", formKey);
			var replay = intake.replay(actor, key, hash);
			if (replay.isPresent()) {
				if (replay.get().sameBody()) {
					return "redirect:/requests/" + filedId(replay.get().responseJson());
				}
				errors.reject("request.error.formResent");
				return form(actor, model);
			}
		}
		List<Upload> bytes = new ArrayList<>();
		for (MultipartFile f : files == null ? List.<MultipartFile>of() : files) {
			if (f.isEmpty()) {
				continue;
			}
			try {
				Upload.of(f).checkedType();
				bytes.add(Upload.of(f));
			}
			catch (UploadRejectedException ex) {
				errors.reject(ex.tooLarge() ? "api.error.tooLarge" : "api.error.photoType");
			}
		}
		if (bytes.size() > RequestPhotos.MAX_PHOTOS) {
			errors.reject("request.error.tooManyPhotos", new Object[] { RequestPhotos.MAX_PHOTOS }, null);
		}
		if (!errors.hasErrors()) {
			try {
				RequestManagement.Submission submission = new RequestManagement.Submission(form.category(),
						form.title(), form.description(), form.urgency(), placeOf(actor, form.where()), null, null,
						null, form.contactPreference());
				long id;
				if (key == null) {
					id = management.submitWithPhotos(actor, submission, bytes, photos);
				}
				else {
					try {
						id = intake.submit(actor, submission, key, hash, r -> "{\"id\":" + r.id() + "}").id();
					}
					catch (org.springframework.dao.DuplicateKeyException ex) {
						// the same form arrived twice at once: the other one filed it
						return "redirect:/requests/" + filedId(intake.replay(actor, key, hash).orElseThrow().responseJson());
					}
					if (!bytes.isEmpty()) {
						photos.add(actor, id, bytes);
					}
				}
				redirect.addFlashAttribute("flash", "flash.requestSubmitted");
				return "redirect:/requests/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field().equals("category") ? "category" : "where", ex.messageKey());
			}
		}
		return form(actor, model);
	}

	private static long filedId(String json) {
		return Long.parseLong(json.replaceAll("\\D*(\\d+).*", "$1"));
	}

	@GetMapping("/{id}")
	String detail(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		model.addAttribute("request", queries.detail(actor, id));
		model.addAttribute("photos", photos.of(actor, id));
		if (!model.containsAttribute("confirmForm")) {
			model.addAttribute("confirmForm", new ConfirmForm(Satisfaction.SATISFIED, ""));
		}
		if (!model.containsAttribute("reopenForm")) {
			model.addAttribute("reopenForm", new ReopenForm(""));
		}
		return "requests/detail";
	}

	@PostMapping("/{id}/confirm")
	String confirm(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("confirmForm") ConfirmForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			management.confirm(actor, id, form.satisfaction(), form.comment());
			redirect.addFlashAttribute("flash", "flash.requestConfirmed");
			return "redirect:/requests/" + id;
		}
		return detail(actor, id, model);
	}

	@PostMapping("/{id}/reopen")
	String reopen(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@Validated @ModelAttribute("reopenForm") ReopenForm form, BindingResult errors, Model model,
			RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				management.reopen(actor, id, form.reason());
				redirect.addFlashAttribute("flash", "flash.requestReopened");
				return "redirect:/requests/" + id;
			}
			catch (ConflictException ex) {
				errors.rejectValue("reason", ex.messageKey(), ex.args(), null);
			}
		}
		return detail(actor, id, model);
	}

	@GetMapping("/photos/{photoId}")
	void photo(@AuthenticationPrincipal Actor actor, @PathVariable long photoId, HttpServletResponse response)
			throws IOException {
		RequestPhotos.Photo photo = photos.find(actor, photoId);
		response.setContentType(photo.contentType());
		response.setHeader("Cache-Control", "private, max-age=86400");
		try (var in = photos.open(photo)) {
			in.transferTo(response.getOutputStream());
		}
	}

	private Long placeOf(Actor actor, Where where) {
		var home = actor.grants().stream().filter(g -> g.role() == org.xingfu.shared.Role.RESIDENT).findFirst()
			.orElseThrow(() -> new InvalidFieldException("where", "request.error.place"));
		if (where == Where.HOUSEHOLD) {
			return home.nodeId();
		}
		var type = where == Where.BUILDING ? org.xingfu.shared.NodeType.BUILDING : org.xingfu.shared.NodeType.COMPOUND;
		return directory.findNode(home.nodeId()).map(h -> directory.ancestry(h.path())).orElse(List.of()).stream()
			.filter(n -> n.type() == type).findFirst().map(org.xingfu.organization.NodeRef::id)
			.orElseThrow(() -> new InvalidFieldException("where", "request.error.place"));
	}
}
