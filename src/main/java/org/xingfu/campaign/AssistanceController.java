package org.xingfu.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.RefusedAction;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** 区域协查 as pages and JSON: the import of a list, the lines by grid, the answers. */
@Controller
class AssistanceController {

	private final AssistanceChecks checks;
	private final OrganizationDirectory directory;

	private final org.springframework.context.MessageSource messages;

	AssistanceController(AssistanceChecks checks, OrganizationDirectory directory,
			org.springframework.context.MessageSource messages) {
		this.messages = messages;
		this.checks = checks;
		this.directory = directory;
	}

	@GetMapping("/assistance-checks")
	String list(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("checks", checks.list(actor));
		model.addAttribute("organiser", actor.hasAny(Campaigns.ORGANISERS));
		model.addAttribute("places", directory.scopeRoots(actor).stream()
			.filter(r -> r.type().ordinal() <= NodeType.COMMUNITY.ordinal()).toList());
		model.addAttribute("deadline", LocalDateTime.now(CampaignController.CHINA).plusDays(3).withSecond(0).withNano(0));
		return "campaign/assistance-checks";
	}

	@PostMapping("/assistance-checks")
	String importPage(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) Long nodeId,
			@RequestParam(defaultValue = "") String name,
			@RequestParam(required = false) @DateTimeFormat(pattern = "yyyy-MM-dd'T'HH:mm") LocalDateTime deadline,
			@RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes redirect) throws IOException {
		if (nodeId == null || name.isBlank() || name.length() > 100 || deadline == null || file == null || file.isEmpty()) {
			redirect.addFlashAttribute("error", "campaign.error.checkForm");
			return "redirect:/assistance-checks";
		}
		try (InputStream in = file.getInputStream()) {
			AssistanceChecks.Imported imported = checks.importList(actor, nodeId, name, deadline.atZone(CampaignController.CHINA)
				.toInstant(), in);
			redirect.addFlashAttribute("imported", imported);
			return "redirect:/assistance-checks/" + imported.checkId();
		}
		catch (InvalidFieldException | ForbiddenException | NotFoundException ex) {
			redirect.addFlashAttribute("error", ex instanceof InvalidFieldException i ? i.messageKey() : "campaign.error.checkForm");
			redirect.addFlashAttribute("errorArgs", ex instanceof InvalidFieldException i && i.args().length > 0 ? i.args() : null);
			return "redirect:/assistance-checks";
		}
	}

	/** The lines the reader may see, as a sheet; ID numbers and phones masked as on the page. */
	@GetMapping("/assistance-checks/{id}.xlsx")
	org.springframework.http.ResponseEntity<byte[]> sheet(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		var check = checks.visible(actor, id);
		List<List<Object>> rows = new java.util.ArrayList<>();
		List<AssistanceChecks.Item> lines = checks.items(actor, id);
		checks.listed(actor, check, lines.size(), "sheet");
		for (AssistanceChecks.Item i : lines) {
			rows.add(java.util.Arrays.asList(i.rowNumber(), i.name(), i.idNumber(), i.phone(), i.address(), org.xingfu.shared.Sheets.chinese(messages, "assist.status." + i.status()),
					i.answerNote(), i.answeredBy(), i.answeredAt()));
		}
		return org.xingfu.shared.Sheets.download("assistance-" + id + ".xlsx", org.xingfu.shared.Sheets.of("协查",
				check.name() + " 协查结果", List.of("行", "姓名", "身份证号", "联系电话", "地址", "结果", "说明", "核查人", "核查时间"), rows));
	}

	@GetMapping("/assistance-checks/{id}")
	String check(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		AssistanceChecks.Check check = checks.visible(actor, id);
		model.addAttribute("check", check);
		List<AssistanceChecks.Item> items = checks.items(actor, id);
		checks.listed(actor, check, items.size(), "page");
		model.addAttribute("items", items);
		model.addAttribute("overdue", checks.visible(actor, id).deadline().isBefore(Instant.now()));
		return "campaign/assistance-check";
	}

	@PostMapping("/assistance-checks/{id}/items/{itemId}/answer")
	String answer(@AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long itemId,
			@RequestParam(required = false) AssistanceChecks.Answer answer, @RequestParam(required = false) String note,
			RedirectAttributes redirect) {
		if (answer == null || (note != null && note.length() > 500)) {
			redirect.addFlashAttribute("error", "campaign.error.answerForm");
			return "redirect:/assistance-checks/" + id;
		}
		try {
			checks.answer(actor, id, itemId, answer, note);
			redirect.addFlashAttribute("flash", "flash.campaign.answered");
		}
		catch (ConflictException | ForbiddenException ex) {
			redirect.addFlashAttribute("error", ex instanceof ForbiddenException ? "campaign.error.notWorker"
					: RefusedAction.messageKey(ex));
		}
		return "redirect:/assistance-checks/" + id;
	}
}
