package org.xingfu.system;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

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
				page(response, locales.resolveLocale(request));
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

	private void page(HttpServletResponse response, Locale locale) throws IOException {
		String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, locale));
		String text = HtmlUtils.htmlEscape(messages.getMessage("error.unavailable", null, locale));
		String again = HtmlUtils.htmlEscape(messages.getMessage("error.tryAgain", null, locale));
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setContentType("text/html");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write("""
				<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8">\
				<meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title></head>\
				<body style="font: 18px/1.6 sans-serif; margin: 2rem; max-width: 40rem">\
				<h1 style="font-size: 1.4rem">%s</h1><p>%s</p><p><a href="">%s</a></p></body></html>"""
			.formatted(locale.toLanguageTag(), title, title, text, again));
		response.flushBuffer();
	}
}
