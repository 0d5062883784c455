package org.xingfu.identity;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.xingfu.shared.Actor;

/**
 * 长辈模式, the elderly-friendly mode of the national 适老化 guideline: large type, high contrast, large touch targets,
 * fewer items and a visible way back on every page (the layout reads {@code elderMode}). It is remembered on the
 * device by a cookie and for the account, so that signing in on another phone brings it along. A resident who chose
 * it for their account keeps a page session for a working day ({@code xingfu.identity.elder-idle-timeout}), so that
 * a slowly filled form does not time out; the cookie alone stretches nothing.
 */
@Controller
@ControllerAdvice
class ElderMode {

	static final String COOKIE = "xf-elder";

	/** A year: the choice outlives the session. */
	static final int COOKIE_SECONDS = 365 * 24 * 3600;

	private final AccountRepository accounts;
	private final IdentitySettings settings;

	ElderMode(AccountRepository accounts, IdentitySettings settings) {
		this.accounts = accounts;
		this.settings = settings;
	}

	static Cookie cookie(boolean on) {
		Cookie cookie = new Cookie(COOKIE, on ? "1" : "");
		cookie.setPath("/");
		cookie.setHttpOnly(true);
		cookie.setMaxAge(on ? COOKIE_SECONDS : 0);
		cookie.setAttribute("SameSite", "Lax");
		return cookie;
	}

	static boolean on(HttpServletRequest request) {
		if (request.getCookies() == null) {
			return false;
		}
		for (Cookie c : request.getCookies()) {
			if (COOKIE.equals(c.getName()) && "1".equals(c.getValue())) {
				return true;
			}
		}
		return false;
	}

	/** The cookie only changes how pages look; how long a session lasts is the server's (see {@link #choose}). */
	@ModelAttribute("elderMode")
	boolean elderMode(HttpServletRequest request) {
		return on(request);
	}

	/** The page being shown, for the switch to come back to. */
	@ModelAttribute("here")
	String here(HttpServletRequest request) {
		String query = request.getQueryString();
		return request.getRequestURI() + (query == null || query.length() > 300 ? "" : "?" + query);
	}

	/**
	 * In 长辈模式 a resident's menu keeps only what they use most (home, my requests, notices, messages); staff keep
	 * their tools, larger.
	 */
	@ModelAttribute("simpleMenu")
	boolean simpleMenu(HttpServletRequest request) {
		if (!on(request)) {
			return false;
		}
		Object principal = org.springframework.security.core.context.SecurityContextHolder.getContext()
			.getAuthentication() == null ? null
					: org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication()
						.getPrincipal();
		return !(principal instanceof Actor actor) || !actor.isStaff();
	}

	/** The switch in the menu of every page; back to the page it was pressed on. */
	@PostMapping("/preferences/elder-mode")
	String choose(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "false") boolean on,
			@RequestParam(defaultValue = "/") String back, HttpServletRequest request, HttpServletResponse response) {
		response.addCookie(cookie(on));
		if (actor != null) {
			accounts.elderMode(actor.accountId(), on);
			// kept for the account on the server, so the server sets the session's length by it: staff keep theirs
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.setMaxInactiveInterval(SecurityConfiguration.idleSeconds(settings, actor, on));
			}
		}
		return "redirect:" + (local(back) ? back : "/");
	}

	/** A path of this site only: no other host, no header injection, not too long. */
	static boolean local(String back) {
		return back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\") && back.length() <= 500
				&& back.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
	}
}
