package org.xingfu.system;

import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sign-in attempts per address (the page form and the API's token endpoint), counted before Spring Security reads
 * the account, so a refused attempt costs no password hash.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class LoginRateLimit extends OncePerRequestFilter {

	private final RateLimits limits;

	LoginRateLimit(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = RateLimits.path(request);
		return !"POST".equals(request.getMethod()) || !(path.equals("/login") || path.equals("/api/v1/auth/token")
				|| path.equals("/api/v1/auth/password") || path.equals("/account/password"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (limits.admit(RateLimits.Door.LOGIN, request, response)) {
			chain.doFilter(request, response);
		}
	}
}
