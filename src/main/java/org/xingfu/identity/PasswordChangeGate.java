package org.xingfu.identity;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Someone signed in with a one-time password (the bootstrap's, or one staff gave them) reaches the password page and
 * nothing else until they have chosen their own: every other page leads there. The mark is set at sign-in and
 * removed when the password is changed.
 */
class PasswordChangeGate extends OncePerRequestFilter {

	static final String ATTRIBUTE = "xingfu.mustChangePassword";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(ATTRIBUTE) != null && !open(pathOf(request))) {
			if (request.getHeader("HX-Request") != null) {
				// a part of the password page refreshing itself (the unread badge): nothing to show, and no
				// redirect, which would reload the page it sits on again and again
				response.setStatus(HttpServletResponse.SC_NO_CONTENT);
			}
			else {
				response.sendRedirect(request.getContextPath() + "/account/password");
			}
			return;
		}
		chain.doFilter(request, response);
	}

	/** Decoded and normalised, as the application routes it. */
	private static String pathOf(HttpServletRequest request) {
		return (request.getServletPath() == null ? "" : request.getServletPath())
				+ (request.getPathInfo() == null ? "" : request.getPathInfo());
	}

	/** The password page itself, signing out, the switches and what pages are made of. */
	private static boolean open(String path) {
		return path.equals("/account/password") || path.equals("/logout") || path.equals("/login")
				|| path.equals("/preferences/elder-mode") || path.equals("/error") || path.startsWith("/css/")
				|| path.startsWith("/js/") || path.startsWith("/webjars/") || path.startsWith("/icons/")
				|| path.startsWith("/img/") || path.equals("/favicon.ico") || path.equals("/sw.js")
				|| path.equals("/manifest.webmanifest") || path.equals("/offline.html");
	}
}
