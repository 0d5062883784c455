package org.xingfu.notification;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.shared.Actor;

/** The inbox page and the unread badge in the header; the JSON is {@link NotificationApiController}'s. */
@Controller
class NotificationController {

	private final Inbox inbox;

	NotificationController(Inbox inbox) {
		this.inbox = inbox;
	}

	@GetMapping("/notifications")
	String page(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("result", inbox.page(actor, Math.max(0, page), 20));
		model.addAttribute("unread", inbox.unreadCount(actor));
		return "notifications/inbox";
	}

	/** Opening a notification marks it read and goes to what it is about. */
	@GetMapping("/notifications/{id}")
	String open(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return "redirect:" + inbox.open(actor, id);
	}

	@PostMapping("/notifications/read-all")
	String readAll(@AuthenticationPrincipal Actor actor, RedirectAttributes flash) {
		flash.addFlashAttribute("flash", "flash.notifications.read");
		inbox.markAllRead(actor);
		return "redirect:/notifications";
	}

	/** The header badge, polled by htmx: the unread count, or nothing when there is none. */
	@GetMapping("/notifications/badge")
	String badge(@AuthenticationPrincipal Actor actor, Model model) {
		model.addAttribute("unread", inbox.unreadCount(actor));
		return "notifications/inbox :: badge";
	}
}
