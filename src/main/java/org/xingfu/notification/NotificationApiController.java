package org.xingfu.notification;

import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

/** The inbox as JSON: a @RestController, so its errors are problem+json like the rest of the API. */
@RestController
class NotificationApiController {

	private final Inbox inbox;
	private final NotificationPreferences preferences;

	NotificationApiController(Inbox inbox, NotificationPreferences preferences) {
		this.inbox = inbox;
		this.preferences = preferences;
	}

	/** A person's outside channels and quiet hours (HH:mm, local time; both null for none). */
	record Settings(boolean sms, boolean wechat, java.time.LocalTime quietFrom, java.time.LocalTime quietTo) {
	}

	@GetMapping("/api/v1/notifications/preferences")
	Map<String, Object> preferences(@AuthenticationPrincipal Actor actor) {
		Preference p = preferences.of(actor);
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("sms", p.sms());
		body.put("wechat", p.wechat());
		body.put("wechatBound", p.wechatOpenId() != null);
		body.put("quietFrom", p.quietFrom());
		body.put("quietTo", p.quietTo());
		body.put("phone", preferences.maskedPhone(actor));
		return body;
	}

	@org.springframework.web.bind.annotation.PutMapping("/api/v1/notifications/preferences")
	Map<String, Object> choose(@AuthenticationPrincipal Actor actor,
			@org.springframework.web.bind.annotation.RequestBody Settings body) {
		preferences.save(actor, body.sms(), body.wechat(), body.quietFrom(), body.quietTo());
		return preferences(actor);
	}

	@GetMapping("/api/v1/notifications")
	Map<String, Object> api(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		var result = inbox.page(actor, Math.max(0, page), Math.clamp(size, 1, 100));
		return Map.of("unread", inbox.unreadCount(actor), "items", result.items(), "page", result.page(), "size",
				result.size(), "total", result.total());
	}

	@PostMapping("/api/v1/notifications/{id}/read")
	Map<String, Object> read(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
		return Map.of("link", inbox.open(actor, id));
	}
}
