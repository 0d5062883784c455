package org.xingfu.system;

import java.io.IOException;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * problem+json for the API's errors that no controller sees: no handler for the path or method (404, 405), a
 * content type the operation does not take (415), a broken multipart body (400), and anything that escapes as an
 * exception (500, with no internals). {@link ApiExceptionHandler} answers for everything a controller throws; these
 * come from Spring's dispatching, which would otherwise answer with the container's error page. Found by
 * ApiFuzzTests.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiErrorBodies extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(ApiErrorBodies.class);
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MessageSource messages;
	private final org.springframework.web.servlet.LocaleResolver locales;

	ApiErrorBodies(MessageSource messages, org.springframework.web.servlet.LocaleResolver locales) {
		this.messages = messages;
		this.locales = locales;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + "/api/")
				|| request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/swagger-ui");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletResponseWrapper wrapper = new HttpServletResponseWrapper(response) {
			@Override
			public void sendError(int status) throws IOException {
				problem(messages, locales.resolveLocale(request), response, status);
			}

			@Override
			public void sendError(int status, String message) throws IOException {
				problem(messages, locales.resolveLocale(request), response, status);
			}
		};
		try {
			chain.doFilter(request, wrapper);
		}
		catch (ServletException | RuntimeException ex) {
			if (response.isCommitted() || DatabaseOutage.causedBy(ex)) {
				throw ex; // an outage is answered 503 by DatabaseOutageResponses, outside this filter
			}
			if (ex instanceof MultipartException || ex.getCause() instanceof MultipartException) {
				problem(messages, locales.resolveLocale(request), response, HttpStatus.BAD_REQUEST.value());
				return;
			}
			// the cause goes to the log (without the request's content); the caller learns only that it failed
			log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), ex);
			problem(messages, locales.resolveLocale(request), response, HttpStatus.INTERNAL_SERVER_ERROR.value());
		}
	}

	/** Written with the caller's language from the application's resolver (the filter runs outside Spring MVC). */
	static void problem(MessageSource messages, Locale locale, HttpServletResponse response, int status)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		HttpStatus known = HttpStatus.resolve(status);
		String key = switch (status) {
			case 400 -> "api.error.badRequest";
			case 401 -> "api.error.unauthorized";
			case 403 -> "api.error.forbidden";
			case 404 -> "api.error.notFound";
			case 405 -> "api.error.method";
			case 415 -> "api.error.mediaType";
			case 429 -> "api.error.tooMany";
			case 503 -> "api.error.unavailable";
			default -> status >= 500 ? "api.error.internal" : "api.error.badRequest";
		};
		String body = JSON.writeValueAsString(java.util.Map.of("type", "about:blank", "title",
				known == null ? "Error" : known.getReasonPhrase(), "status", status, "detail",
				messages.getMessage(key, null, key, locale)));
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(body);
		response.flushBuffer();
	}
}
