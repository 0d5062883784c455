package org.xingfu.audit;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.Role;

/** City and street admins browse the log of their scope; a city admin can verify the whole chain. */
@Controller
@RequestMapping("/admin/audit")
class AuditAdminController {

	private final AuditLog log;

	AuditAdminController(AuditLog log) {
		this.log = log;
	}

	@GetMapping
	String browse(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "") String action,
			@RequestParam(defaultValue = "0") int page, Model model) {
		if (!actor.hasAny(Role.AUDITORS)) {
			throw new ForbiddenException("audit");
		}
		model.addAttribute("page", log.browse(actor, action.length() > 40 ? action.substring(0, 40) : action,
				Math.max(0, page), 50));
		model.addAttribute("action", action);
		model.addAttribute("canVerify", actor.has(Role.CITY_ADMIN));
		return "audit/log";
	}

	@PostMapping("/verify")
	String verify(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("audit verify");
		}
		model.addAttribute("verification", log.verify());
		return browse(actor, "", 0, model);
	}
}
