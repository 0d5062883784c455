package org.xingfu.campaign;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.QrSvg;
import org.xingfu.shared.RefusedAction;

/**
 * 码上行动 pages: campaigns and their live progress (the page refreshes its figures by itself), the scanning page of
 * a site (camera where the browser can read QR codes, typing everywhere), the missing list of a grid, dispatches, and
 * the resident's own code as a QR code.
 */
@Controller
class CampaignController {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final Campaigns campaigns;
	private final Dispatches dispatches;
	private final PersonalCodes codes;
	private final OrganizationDirectory directory;

	private final org.springframework.context.MessageSource messages;

	CampaignController(Campaigns campaigns, Dispatches dispatches, PersonalCodes codes, OrganizationDirectory directory,
			org.springframework.context.MessageSource messages) {
		this.messages = messages;
		this.campaigns = campaigns;
		this.dispatches = dispatches;
		this.codes = codes;
		this.directory = directory;
	}

	@GetMapping("/campaigns")
	String list(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("campaigns", campaigns.list(actor));
		model.addAttribute("organiser", actor.hasAny(Campaigns.ORGANISERS));
		model.addAttribute("places", directory.compoundsInScope(actor, 300));
		model.addAttribute("roots", directory.scopeRoots(actor).stream()
			.filter(r -> r.type().ordinal() < NodeType.COMPOUND.ordinal()).toList());
		LocalDateTime now = LocalDateTime.now(CHINA).withSecond(0).withNano(0);
		model.addAttribute("startsAt", now);
		model.addAttribute("endsAt", now.plusDays(1));
		model.addAttribute("dispatches", dispatches.mine(actor));
		return "campaign/list";
	}

	@PostMapping("/campaigns")
	String create(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String name,
			@RequestParam(required = false) Campaigns.Kind kind,
			@RequestParam(defaultValue = "PERSON") Campaigns.Unit unit, @RequestParam(required = false) List<Long> nodeIds,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime startsAt,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime endsAt,
			@RequestParam(defaultValue = "false") boolean temperature, @RequestParam(defaultValue = "") String question,
			RedirectAttributes redirect) {
		if (name.isBlank() || name.length() > 100 || kind == null || nodeIds == null || nodeIds.isEmpty()
				|| startsAt == null || endsAt == null || question.length() > 30) {
			redirect.addFlashAttribute("error", "campaign.error.form");
			return "redirect:/campaigns";
		}
		List<Campaigns.Field> fields = new java.util.ArrayList<>();
		if (temperature) {
			fields.add(new Campaigns.Field("temperature", "体温", "NUMBER", new java.math.BigDecimal("35"),
					new java.math.BigDecimal("42"), true));
		}
		if (!question.isBlank()) {
			fields.add(new Campaigns.Field("question", question.strip(), "YES_NO", null, null, true));
		}
		try {
			long id = campaigns.create(actor, name, kind, unit, nodeIds, startsAt.atZone(CHINA).toInstant(),
					endsAt.atZone(CHINA).toInstant(), fields, Set.of());
			redirect.addFlashAttribute("flash", "flash.campaign.created");
			return "redirect:/campaigns/" + id;
		}
		catch (InvalidFieldException | ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", ex instanceof InvalidFieldException i ? i.messageKey() : "campaign.error.form");
			return "redirect:/campaigns";
		}
	}

	@GetMapping("/campaigns/{id}")
	String campaign(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) Long nodeId, Model model) {
		Campaigns.Campaign c = campaigns.visible(actor, id);
		long at = nodeId != null ? nodeId : c.nodeIds().getFirst();
		model.addAttribute("c", c);
		model.addAttribute("at", at);
		model.addAttribute("progress", campaigns.progress(actor, id, at));
		model.addAttribute("sites", campaigns.sites(id));
		model.addAttribute("grids", campaigns.grids(id));
		model.addAttribute("dispatches", dispatches.ofCampaign(id));
		model.addAttribute("organiser", c.nodePaths().stream().anyMatch(p -> actor.reaches(p, Campaigns.ORGANISERS)));
		model.addAttribute("places", directory.compoundsInScope(actor, 300));
		return "campaign/campaign";
	}

	/** The figures alone, for the page to fetch every few seconds (htmx). */
	@GetMapping("/campaigns/{id}/progress")
	String progress(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam long nodeId, Model model) {
		Campaigns.Campaign c = campaigns.visible(actor, id);
		model.addAttribute("c", c);
		model.addAttribute("at", nodeId);
		model.addAttribute("progress", campaigns.progress(actor, id, nodeId));
		return "campaign/campaign :: progress";
	}

	@PostMapping("/campaigns/{id}/sites")
	String site(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(defaultValue = "") String name,
			@RequestParam(required = false) Long nodeId, RedirectAttributes redirect) {
		if (name.isBlank() || name.length() > 100 || nodeId == null) {
			redirect.addFlashAttribute("error", "campaign.error.siteForm");
			return "redirect:/campaigns/" + id;
		}
		try {
			campaigns.addSite(actor, id, name, nodeId);
			redirect.addFlashAttribute("flash", "flash.campaign.site");
		}
		catch (ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", "campaign.error.siteForm");
		}
		return "redirect:/campaigns/" + id;
	}

	@GetMapping("/campaigns/{id}/sites/{siteId}/scan")
	String scan(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long siteId, Model model) {
		Campaigns.Campaign c = campaigns.visible(actor, id);
		model.addAttribute("c", c);
		model.addAttribute("site", campaigns.site(id, siteId));
		return "campaign/scan";
	}

	@PostMapping("/campaigns/{id}/sites/{siteId}/scan")
	String checkIn(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long siteId,
			@RequestParam(defaultValue = "") String code, @RequestParam Map<String, String> form,
			RedirectAttributes redirect) {
		Map<String, Object> values = new LinkedHashMap<>();
		form.forEach((k, v) -> {
			if (k.startsWith("value.")) {
				values.put(k.substring(6), v);
			}
		});
		try {
			Campaigns.CheckIn c = campaigns.checkIn(actor, id, siteId, code, null, values);
			redirect.addFlashAttribute("checkedIn", c);
		}
		catch (InvalidFieldException | ConflictException | ForbiddenException ex) {
			RefusedAction.flash(redirect, ex, "campaign.error.notWorker");
			redirect.addFlashAttribute("typed", code);
		}
		return "redirect:/campaigns/" + id + "/sites/" + siteId + "/scan";
	}

	/** The same from a photo of the code, for phones whose browser cannot read codes from the camera. */
	@PostMapping("/campaigns/{id}/sites/{siteId}/scan-photo")
	String checkInByPhoto(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long siteId,
			@RequestParam Map<String, String> form,
			@RequestParam(name = "photo", required = false) org.springframework.web.multipart.MultipartFile photo,
			RedirectAttributes redirect) throws java.io.IOException {
		if (photo == null || photo.isEmpty()) {
			redirect.addFlashAttribute("error", "campaign.error.noCodeInPhoto");
			return "redirect:/campaigns/" + id + "/sites/" + siteId + "/scan";
		}
		try {
			Campaigns.CheckIn c = campaigns.checkIn(actor, id, siteId, CampaignApiController.codeIn(photo), null,
					CampaignApiController.values(form));
			redirect.addFlashAttribute("checkedIn", c);
		}
		catch (InvalidFieldException | ConflictException | ForbiddenException | org.xingfu.shared.UploadRejectedException ex) {
			RefusedAction.flash(redirect, ex, "campaign.error.notWorker");
		}
		return "redirect:/campaigns/" + id + "/sites/" + siteId + "/scan";
	}

	/** A grid's missing list as a sheet, for door-to-door rounds on paper; names and phones as the page shows them. */
	@GetMapping("/campaigns/{id}/grids/{gridId}/missing.xlsx")
	org.springframework.http.ResponseEntity<byte[]> missingSheet(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@PathVariable long gridId) {
		var c = campaigns.visible(actor, id);
		List<List<Object>> rows = new java.util.ArrayList<>();
		List<Campaigns.Missing> missing = campaigns.missing(actor, id, gridId);
		campaigns.missingListed(actor, id, gridId, missing.size(), "sheet");
		for (Campaigns.Missing m : missing) {
			rows.add(java.util.Arrays.asList(m.name(), m.phone(), m.address(), org.xingfu.shared.Sheets.chinese(messages, "campaign.status." + m.status())));
		}
		return org.xingfu.shared.Sheets.download("missing-" + id + "-" + gridId + ".xlsx", org.xingfu.shared.Sheets.of("未完成",
				c.name() + " 未完成名单", List.of("姓名", "电话", "地址", "状态"), rows));
	}

	@GetMapping("/campaigns/{id}/grids/{gridId}/missing")
	String missing(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long gridId, Model model) {
		model.addAttribute("c", campaigns.visible(actor, id));
		model.addAttribute("gridId", gridId);
		List<Campaigns.Missing> missing = campaigns.missing(actor, id, gridId);
		campaigns.missingListed(actor, id, gridId, missing.size(), "page");
		model.addAttribute("missing", missing);
		return "campaign/missing";
	}

	@PostMapping("/campaigns/{id}/statuses")
	String status(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam long subjectId,
			@RequestParam Campaigns.Status status, @RequestParam long gridId, RedirectAttributes redirect) {
		try {
			campaigns.setStatus(actor, id, subjectId, status, null);
			redirect.addFlashAttribute("flash", "flash.campaign.status");
		}
		catch (InvalidFieldException | ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", ex instanceof ForbiddenException ? "campaign.error.notWorker"
					: RefusedAction.messageKey(ex));
		}
		return "redirect:/campaigns/" + id + "/grids/" + gridId + "/missing";
	}

	@PostMapping("/campaigns/{id}/dispatches")
	String dispatch(@AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "") String message, RedirectAttributes redirect) {
		if (nodeId == null || message.isBlank() || message.length() > 1000) {
			redirect.addFlashAttribute("error", "campaign.error.dispatchForm");
			return "redirect:/campaigns/" + id;
		}
		try {
			long d = dispatches.send(actor, id, nodeId, message);
			redirect.addFlashAttribute("flash", "flash.campaign.dispatched");
			return "redirect:/dispatches/" + d;
		}
		catch (InvalidFieldException | ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", ex instanceof InvalidFieldException i ? i.messageKey() : "campaign.error.dispatchForm");
			return "redirect:/campaigns/" + id;
		}
	}

	@GetMapping("/dispatches/{id}")
	String dispatchPage(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		Dispatches.Dispatch d = dispatches.visible(actor, id);
		model.addAttribute("d", d);
		model.addAttribute("place", directory.findNode(d.nodeId()).map(NodeRef::name).orElse(""));
		model.addAttribute("recipients", actor.canRead(d.nodePath()) ? dispatches.recipients(id) : List.of());
		model.addAttribute("recipient", dispatches.isRecipient(actor, id));
		model.addAttribute("acked", dispatches.recipients(id).stream()
			.anyMatch(r -> actor.personId() != null && r.personId() == actor.personId() && r.ackedAt() != null));
		return "campaign/dispatch";
	}

	@PostMapping("/dispatches/{id}/ack")
	String ack(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		try {
			dispatches.acknowledge(actor, id);
			redirect.addFlashAttribute("flash", "flash.campaign.acked");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("error", ex.messageKey());
		}
		return "redirect:/dispatches/" + id;
	}

	/** The resident's own code: shown at a site, scanned by staff. */
	@GetMapping("/me/code")
	String myCode(@AuthenticationPrincipal Actor actor, Model model) {
		if (actor.personId() == null) {
			throw new NotFoundException("person", 0);
		}
		String code = codes.codeOf(actor.personId());
		model.addAttribute("code", code);
		model.addAttribute("qr", QrSvg.of(code));
		model.addAttribute("name", actor.displayName());
		model.addAttribute("now", Instant.now());
		return "campaign/my-code";
	}
}
