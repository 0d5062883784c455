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
	private final AuditAnchors anchors;

	private final org.springframework.context.ApplicationEventPublisher events;
	private final org.springframework.context.MessageSource messages;

	AuditAdminController(AuditLog log, AuditAnchors anchors, org.springframework.context.ApplicationEventPublisher events,
			org.springframework.context.MessageSource messages) {
		this.anchors = anchors;
		this.events = events;
		this.messages = messages;
		this.log = log;
	}

	/** The log with its action filter as a sheet (newest 10,000 entries), itself recorded in the log. */
	@GetMapping("/export.xlsx")
	org.springframework.http.ResponseEntity<byte[]> export(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "") String action, java.util.Locale locale) {
		if (!actor.hasAny(Role.AUDITORS)) {
			throw new ForbiddenException("audit");
		}
		String filter = action.length() > 40 ? action.substring(0, 40) : action;
		// a sheet may be a moment behind the log: from the read replica when there is one
		var entries = org.xingfu.shared.ReadReplica.read(
				() -> log.browse(actor, filter, 0, org.xingfu.shared.Sheets.MAX_ROWS).items());
		java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
		for (AuditEntry e : entries) {
			rows.add(java.util.Arrays.asList(e.seq(), e.occurredAt(), e.actor(), e.action(), e.targetType(), e.targetId(),
					e.nodePath(), e.sourceAddress(), e.detail()));
		}
		events.publishEvent(org.xingfu.shared.ActionRecorded.of(actor.username(), "AUDIT_EXPORTED", "audit-log", 0,
				actor.scopePaths(Role.AUDITORS).stream().findFirst().orElse("/"), rows.size() + " rows; " + filter));
		return org.xingfu.shared.Sheets.download("audit-log.xlsx", org.xingfu.shared.Sheets.of("audit",
				messages.getMessage("audit.title", null, "audit", locale) + (filter.isBlank() ? "" : "（" + filter + "）"),
				java.util.List.of("seq", "time", "actor", "action", "target", "id", "node", "address", "detail"), rows));
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
		if (actor.has(Role.CITY_ADMIN)) {
			model.addAttribute("anchors", anchors.lastOfEachDay(7));
			model.addAttribute("anchorFile", anchors.file().toString());
		}
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
