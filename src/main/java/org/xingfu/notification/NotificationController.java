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
	private final NotificationPreferences preferences;

	NotificationController(Inbox inbox, NotificationPreferences preferences) {
		this.inbox = inbox;
		this.preferences = preferences;
	}

	/** The settings form: times as the browser's time input sends them (HH:mm), empty for none. */
	record SettingsForm(String sms, String wechat, String quietFrom, String quietTo) {

		/** A ticked box sends "true" (th:field's checkbox value); an unticked one is not sent at all. */
		SettingsForm {
			sms = String.valueOf("true".equals(sms));
			wechat = String.valueOf("true".equals(wechat));
		}

		boolean smsOn() {
			return "true".equals(sms);
		}

		boolean wechatOn() {
			return "true".equals(wechat);
		}
	}

	@GetMapping("/notifications/settings")
	String settings(@AuthenticationPrincipal Actor actor, Model model) {
		Preference p = preferences.of(actor);
		model.addAttribute("settingsForm", new SettingsForm(String.valueOf(p.sms()), String.valueOf(p.wechat()),
				p.quietFrom() == null ? "" : p.quietFrom().toString(), p.quietTo() == null ? "" : p.quietTo().toString()));
		return settingsPage(actor, p, model);
	}

	@PostMapping("/notifications/settings")
	String saveSettings(@AuthenticationPrincipal Actor actor,
			@org.springframework.web.bind.annotation.ModelAttribute("settingsForm") SettingsForm form,
			org.springframework.validation.BindingResult errors, Model model, RedirectAttributes flash) {
		java.time.LocalTime from = time(form.quietFrom(), "quietFrom", errors);
		java.time.LocalTime to = time(form.quietTo(), "quietTo", errors);
		if (!errors.hasErrors()) {
			try {
				preferences.save(actor, form.smsOn(), form.wechatOn(), from, to);
				flash.addFlashAttribute("flash", "flash.notifications.settings");
				return "redirect:/notifications/settings";
			}
			catch (org.xingfu.shared.InvalidFieldException ex) {
				errors.rejectValue(ex.field(), ex.messageKey());
			}
		}
		return settingsPage(actor, preferences.of(actor), model);
	}

	private String settingsPage(Actor actor, Preference p, Model model) {
		model.addAttribute("maskedPhone", preferences.maskedPhone(actor));
		model.addAttribute("wechatBound", p.wechatOpenId() != null);
		return "notifications/settings";
	}

	private static java.time.LocalTime time(String value, String field,
			org.springframework.validation.BindingResult errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return java.time.LocalTime.parse(value.strip());
		}
		catch (java.time.format.DateTimeParseException ex) {
			errors.rejectValue(field, "notification.error.time");
			return null;
		}
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
