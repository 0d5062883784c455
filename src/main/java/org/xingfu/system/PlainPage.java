package org.xingfu.system;

import java.io.IOException;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A page written by a filter, before or outside Spring MVC, for answers that must not depend on the database or
 * the session: the database away (503) and too many attempts (429). Large type, one sentence, a way back.
 */
final class PlainPage {

	private PlainPage() {
	}

	static void write(HttpServletResponse response, int status, MessageSource messages, Locale locale,
			String textKey, Object... args) throws IOException {
		String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, locale));
		String text = HtmlUtils.htmlEscape(messages.getMessage(textKey, args, locale));
		String again = HtmlUtils.htmlEscape(messages.getMessage("error.tryAgain", null, locale));
		response.setStatus(status);
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
