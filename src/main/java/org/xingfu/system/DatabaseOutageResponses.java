package org.xingfu.system;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * 503 with {@code Retry-After} while the database is away, for every page and API call: problem+json on the API, a
 * plain page that needs no database elsewhere (the usual error page reads the header's unread count). Without this
 * a restart of PostgreSQL showed residents the container's 500. The filter sits outside Spring Security because
 * the token and session checks read the database too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DatabaseOutageResponses extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageResponses.class);
	/** One warning a minute at most: under load an outage fails thousands of calls with the same cause. */
	private static final Duration LOG_EVERY = Duration.ofMinutes(1);

	private final MessageSource messages;
	private final LocaleResolver locales;
	private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.EPOCH);

	DatabaseOutageResponses(MessageSource messages, LocaleResolver locales) {
		this.messages = messages;
		this.locales = locales;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (response.isCommitted() || !DatabaseOutage.causedBy(ex)) {
				throw ex;
			}
			logOnce(ex);
			response.resetBuffer();
			response.setHeader("Retry-After", String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
			response.setHeader("Cache-Control", "no-store");
			if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
				ApiErrorBodies.problem(messages, locales.resolveLocale(request), response,
						HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			}
			else {
				PlainPage.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, messages,
						locales.resolveLocale(request), "error.unavailable");
			}
		}
	}

	private void logOnce(Exception ex) {
		Instant last = lastLogged.get();
		Instant now = Instant.now();
		if (now.isAfter(last.plus(LOG_EVERY)) && lastLogged.compareAndSet(last, now)) {
			Throwable root = ex;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			// the root cause's class and message only: no request content, no stack trace for a known condition
			log.warn("Database unavailable, answering 503: {}: {}", root.getClass().getName(), root.getMessage());
		}
	}
}
