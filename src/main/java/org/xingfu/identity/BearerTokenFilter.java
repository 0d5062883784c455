package org.xingfu.identity;

import java.io.IOException;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Authenticates {@code Authorization: Bearer <token>}; an unknown token leaves the request anonymous (401). */
class BearerTokenFilter extends OncePerRequestFilter {

	private final TokenService tokens;

	BearerTokenFilter(TokenService tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			tokens.resolve(header.substring(7).strip()).ifPresent(actor -> {
				var context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(SecurityConfiguration.authenticated(actor));
				SecurityContextHolder.setContext(context);
			});
		}
		chain.doFilter(request, response);
	}
}
