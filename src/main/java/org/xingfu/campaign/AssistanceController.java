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

	AssistanceController(AssistanceChecks checks, OrganizationDirectory directory) {
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

	@GetMapping("/assistance-checks/{id}")
	String check(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
		model.addAttribute("check", checks.visible(actor, id));
		List<AssistanceChecks.Item> items = checks.items(actor, id);
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
