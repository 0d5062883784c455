package org.xingfu.system;

import java.io.IOException;
import java.util.regex.Pattern;

import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Calls without an account to the public pages and APIs, per address. It runs after Spring Security (order -100),
 * so a signed-in user reading a notice board is not counted: the limit is for the anonymous, scriptable doors.
 */
@Component
@Order(-50)
class PublicRateLimit extends OncePerRequestFilter {

	private static final Pattern PUBLIC = Pattern.compile(
			"/(open311/.*|api/v1/public/.*|public/.*|wall(/.*)?|boards/\\d+.*|notices/\\d+.*)");

	private final RateLimits limits;

	PublicRateLimit(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PUBLIC.matcher(RateLimits.path(request)).matches();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication who = SecurityContextHolder.getContext().getAuthentication();
		boolean anonymous = who == null || who instanceof AnonymousAuthenticationToken || !who.isAuthenticated();
		if (!anonymous || limits.admit(RateLimits.Door.PUBLIC, request, response)) {
			chain.doFilter(request, response);
		}
	}
}
