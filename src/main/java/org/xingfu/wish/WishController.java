package org.xingfu.wish;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
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

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The wish pages: list, post (for oneself, or for a household by a collector), one wish with its steps, the wall. */
@Controller
class WishController {

	record WishForm(Long householdId, Long beneficiaryPersonId, @Size(max = 50) String beneficiaryName,
			@Size(max = 20) String beneficiaryPhone, @NotBlank @Size(max = 60) String title,
			@NotBlank @Size(max = 1000) String description,
			@NotNull @DecimalMin(value = "0.01") @Digits(integer = 8, fraction = 2) BigDecimal valueYuan,
			Integer claimantsNeeded) {
	}

	private final WishManagement management;
	private final WishQueries queries;
	private final OrganizationDirectory directory;
	private final FileStorage storage;

	private final org.springframework.context.MessageSource messages;
	private final org.springframework.context.ApplicationEventPublisher events;

	WishController(WishManagement management, WishQueries queries, OrganizationDirectory directory, FileStorage storage,
			org.springframework.context.MessageSource messages, org.springframework.context.ApplicationEventPublisher events) {
		this.messages = messages;
		this.events = events;
		this.storage = storage;
		this.management = management;
		this.queries = queries;
		this.directory = directory;
	}

	/** The wishes the list shows with its status filter (staff: their area), as a sheet; names as on the page. */
	@GetMapping("/wishes/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> sheet(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "false") boolean mine) {
		WishStatus s = status.matches("COLLECTED|DECLINED|PUBLISHED|CLAIMED|FULFILLED|CONFIRMED") ? WishStatus.valueOf(status) : null;
		var result = queries.list(actor, s, mine, 0, org.xingfu.shared.Sheets.MAX_ROWS);
		java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
		for (WishQueries.WishView w : result.items()) {
			rows.add(java.util.Arrays.asList(w.id(), w.title(), w.place(), w.beneficiary(), w.valueYuan(),
					messages.getMessage("wish.status." + w.status().name(), null, java.util.Locale.SIMPLIFIED_CHINESE),
					w.postedAt(), String.join("、", w.claimants())));
		}
		// beneficiaries and claimants by name: who took the sheet is in the audit log (issue 24)
		events.publishEvent(org.xingfu.shared.ActionRecorded.of(actor.username(), "WISHES_EXPORTED", "wish-list", 0,
				"/" + actor.cityId() + "/", rows.size() + " rows" + (s == null ? "" : ", " + s.name())));
		return org.xingfu.shared.Sheets.download("wishes.xlsx", org.xingfu.shared.Sheets.of("微心愿",
				"微心愿" + (s == null ? "" : "（" + s.name() + "）"), java.util.List.of("编号", "心愿", "地点", "受助人", "价值（元）",
						"状态", "登记时间", "认领人"), rows));
	}

	@GetMapping("/wishes")
	String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String status,
			@RequestParam(defaultValue = "false") boolean mine, @RequestParam(defaultValue = "0") int page,
			Model model) {
		WishStatus s = status.matches("COLLECTED|DECLINED|PUBLISHED|CLAIMED|FULFILLED|CONFIRMED") ? WishStatus.valueOf(status) : null;
		model.addAttribute("result", queries.list(actor, s, mine, Math.max(0, page), 20));
		model.addAttribute("status", s == null ? "" : s.name());
		model.addAttribute("mine", mine);
		return "wishes/list";
	}

	@GetMapping("/wishes/new")
	String form(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long householdId, Model model) {
		if (!model.containsAttribute("wishForm")) {
			model.addAttribute("wishForm", new WishForm(householdId, null, null, null, null, null, null, 1));
		}
		return form(actor, householdId, model, true);
	}

	private String form(Actor actor, Long householdId, Model model, boolean unused) {
		model.addAttribute("valueCap", management.valueCap());
		model.addAttribute("collector", actor.hasAny(WishManagement.COLLECTORS));
		if (householdId != null) {
			try {
				model.addAttribute("household", directory.household(actor, householdId));
			}
			catch (NotFoundException ex) {
				model.addAttribute("household", null);
			}
		}
		return "wishes/new";
	}

	@PostMapping("/wishes/new")
	String post(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("wishForm") WishForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				long id = management.post(actor, new WishManagement.Post(form.householdId(), form.beneficiaryPersonId(),
						form.beneficiaryName(), form.beneficiaryPhone(), form.title(), form.description(),
						form.valueYuan(), form.claimantsNeeded()));
				redirect.addFlashAttribute("flash", "flash.wishPosted");
				return "redirect:/wishes/" + id;
			}
			catch (InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey(), new Object[] { management.valueCap() }, null);
			}
			catch (NotFoundException ex) {
				errors.rejectValue("householdId", "wish.error.household");
			}
		}
		return form(actor, form.householdId(), model, true);
	}

	@GetMapping("/wishes/{id}")
	String detail(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		model.addAttribute("wish", queries.detail(actor, id));
		return "wishes/detail";
	}

	@PostMapping("/wishes/{id}/{action:verify|decline|claim|confirm}")
	String act(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable String action,
			@RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String thanks,
			RedirectAttributes redirect) {
		try {
			switch (action) {
				case "verify" -> management.verify(actor, id);
				case "decline" -> {
					if (reason.isBlank() || reason.length() > 300) {
						redirect.addFlashAttribute("error", "wish.error.reason");
						return "redirect:/wishes/" + id;
					}
					management.decline(actor, id, reason);
				}
				case "claim" -> management.claim(actor, id);
				default -> management.confirm(actor, id, thanks.length() > 300 ? thanks.substring(0, 300) : thanks);
			}
			redirect.addFlashAttribute("flash", "flash.wish." + action);
		}
		catch (ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/wishes/" + id;
	}

	/** 实现 on the page: a photo of the delivery is required. */
	@PostMapping("/wishes/{id}/fulfil")
	String fulfil(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(defaultValue = "") String note,
			@RequestParam(name = "photos", required = false) List<MultipartFile> files, RedirectAttributes redirect)
			throws IOException {
		List<org.xingfu.shared.Upload> photos = org.xingfu.shared.Upload.of(files);
		if (photos.isEmpty()) {
			redirect.addFlashAttribute("error", "wish.error.photoRequired");
			return "redirect:/wishes/" + id;
		}
		try {
			management.fulfil(actor, id, note.length() > 500 ? note.substring(0, 500) : note, photos);
			redirect.addFlashAttribute("flash", "flash.wish.fulfil");
		}
		catch (UploadRejectedException | ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", RefusedAction.messageKey(ex));
		}
		return "redirect:/wishes/" + id;
	}

	@GetMapping("/wishes/{id}/photos/{photoId}")
	ResponseEntity<InputStreamResource> photo(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long photoId) throws IOException {
		management.visible(actor, id);
		String[] photo = management.photo(id, photoId).orElseThrow(() -> new NotFoundException("photo", photoId));
		return Upload.serve(storage, photo[0], photo[1]);
	}

	/** The public wish wall of a community: no sign-in needed to read; the beneficiary masked. */
	@GetMapping("/wall/{communityId}")
	String wall(@PathVariable long communityId, Model model) {
		var community = directory.findNode(communityId)
			.filter(n -> n.type() == org.xingfu.shared.NodeType.COMMUNITY)
			.orElseThrow(() -> new NotFoundException("community", communityId));
		model.addAttribute("community", community.name());
		model.addAttribute("communityId", communityId);
		model.addAttribute("wishes", queries.wall(communityId));
		return "wishes/wall";
	}
}
