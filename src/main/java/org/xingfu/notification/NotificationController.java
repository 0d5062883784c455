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

	private final WeChatBinding wechat;
	private final NotifySettings settings;
	private final java.security.SecureRandom random = new java.security.SecureRandom();

	NotificationController(Inbox inbox, NotificationPreferences preferences, WeChatBinding wechat,
			NotifySettings settings) {
		this.inbox = inbox;
		this.preferences = preferences;
		this.wechat = wechat;
		this.settings = settings;
	}

	/** The session attribute holding the state sent to WeChat, so only the binding this person started completes. */
	static final String WECHAT_STATE = "xf-wechat-state";

	/** Sends the person to WeChat's authorisation page; it comes back to {@link #wechatCallback}. */
	@GetMapping("/notifications/wechat/bind")
	String bindWechat(jakarta.servlet.http.HttpServletRequest request, RedirectAttributes flash) {
		if (!wechat.available()) {
			flash.addFlashAttribute("error", "notification.wechat.unavailable");
			return "redirect:/notifications/settings";
		}
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		String state = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		request.getSession().setAttribute(WECHAT_STATE, state);
		String base = settings.linkBase().isEmpty()
				? org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request).toUriString()
				: settings.linkBase();
		return "redirect:" + wechat.authorizeUrl(base + "/notifications/wechat/callback", state);
	}

	/** WeChat's way back, with a one-time code, or without one when the person declined. */
	@GetMapping("/notifications/wechat/callback")
	String wechatCallback(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String code,
			@RequestParam(required = false) String state, jakarta.servlet.http.HttpServletRequest request,
			RedirectAttributes flash) {
		jakarta.servlet.http.HttpSession session = request.getSession(false);
		Object expected = session == null ? null : session.getAttribute(WECHAT_STATE);
		if (expected == null || !expected.equals(state)) {
			flash.addFlashAttribute("error", "notification.wechat.stale");
			return "redirect:/notifications/settings";
		}
		session.removeAttribute(WECHAT_STATE);
		try {
			wechat.bind(actor, code);
			flash.addFlashAttribute("flash", "flash.notifications.wechatBound");
		}
		catch (org.xingfu.shared.InvalidFieldException ex) {
			flash.addFlashAttribute("error", ex.messageKey());
		}
		return "redirect:/notifications/settings";
	}

	@PostMapping("/notifications/wechat/unbind")
	String unbindWechat(@AuthenticationPrincipal Actor actor, RedirectAttributes flash) {
		wechat.unbind(actor);
		flash.addFlashAttribute("flash", "flash.notifications.wechatUnbound");
		return "redirect:/notifications/settings";
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
		model.addAttribute("wechatAvailable", wechat.available());
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
