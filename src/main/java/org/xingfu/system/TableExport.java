package org.xingfu.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.UriComponentsBuilder;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Sheets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every staff list as .xlsx with the filters that are active, by construction: a page marks its list tables with
 * {@code class="xf-export"} (or its lists of cards with {@code data-export} and their column names in
 * {@code data-export-headers}) and shows the {@code layout :: exportLink} fragment; the same URL with
 * {@code export=xlsx} renders the page as usual (the same scope, filters and masking, since it is the same
 * controller and template) and this filter turns its marked tables into sheets, one per table, instead of sending
 * the HTML. The title line names the page and the filters of the URL; the export is recorded in the audit log.
 * Lists with their own exports (the request queue, the audit log, …) export every page of results, not only the one
 * shown.
 */
@Component
class TableExport extends OncePerRequestFilter implements HandlerInterceptor {

	static final String PARAM = "export";

	private final ApplicationEventPublisher events;

	TableExport(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"GET".equals(request.getMethod()) || !"xlsx".equals(request.getParameter(PARAM))
				|| request.getRequestURI().startsWith(request.getContextPath() + "/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper page = new ContentCachingResponseWrapper(response);
		chain.doFilter(request, page);
		String type = page.getContentType();
		if (page.getStatus() != 200 || type == null || !type.startsWith("text/html")) {
			page.copyBodyToResponse(); // a redirect to the login page, an error page: as they are
			return;
		}
		Document doc = Jsoup.parse(new String(page.getContentAsByteArray(), StandardCharsets.UTF_8));
		List<Element> tables = doc.select("table.xf-export");
		List<Element> lists = doc.select("[data-export]");
		if (tables.isEmpty() && lists.isEmpty()) {
			response.reset(); // the page's own Content-Type would be kept for the error otherwise
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		String heading = doc.selectFirst("h1") == null ? doc.title() : doc.selectFirst("h1").text();
		String filters = filters(request);
		List<Sheets.Sheet> sheets = new ArrayList<>();
		int rowCount = 0;
		for (Element table : tables) {
			String name = table.hasAttr("data-export-name") ? table.attr("data-export-name") : heading;
			List<String> headers = table.select("thead tr").isEmpty() ? List.of()
					: table.select("thead tr").first().select("th, td").eachText();
			List<List<Object>> rows = new ArrayList<>();
			for (Element tr : table.select("tbody tr")) {
				rows.add(new ArrayList<>(tr.select("th, td").eachText()));
			}
			rowCount += rows.size();
			sheets.add(new Sheets.Sheet(name, name + (filters.isEmpty() ? "" : "（" + filters + "）"), headers, rows));
		}
		for (Element list : lists) {
			// a list of cards: one row per item (not the "none yet" line), its title, badges and small print as cells
			List<String> headers = list.attr("data-export-headers").isBlank() ? List.of()
					: List.of(list.attr("data-export-headers").split("\\|"));
			List<List<Object>> rows = new ArrayList<>();
			for (Element item : list.children()) {
				if (item.hasClass("text-muted")) {
					continue;
				}
				List<String> cells = item.select("strong, .badge, small, div.small").eachText();
				rows.add(new ArrayList<>(cells.isEmpty() ? List.of(item.text()) : cells));
			}
			rowCount += rows.size();
			sheets.add(new Sheets.Sheet(heading, heading + (filters.isEmpty() ? "" : "（" + filters + "）"), headers, rows));
		}
		byte[] xlsx = Sheets.of(sheets);
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		String user = auth != null && auth.getPrincipal() instanceof Actor actor ? actor.username() : "anonymous";
		events.publishEvent(ActionRecorded.of(user, "LIST_EXPORTED", "page", 0, null,
				request.getRequestURI() + (filters.isEmpty() ? "" : "?" + filters) + "; " + rowCount + " rows"));
		response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"list.xlsx\"");
		response.setContentLength(xlsx.length);
		response.getOutputStream().write(xlsx);
	}

	/** The URL's parameters but the export switch and the language, as "name=value" pairs. */
	private static String filters(HttpServletRequest request) {
		List<String> pairs = new ArrayList<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!name.equals(PARAM) && !name.equals("lang")) {
				for (String v : values) {
					if (v != null && !v.isBlank()) {
						pairs.add(name + "=" + v);
					}
				}
			}
		});
		return String.join("&", pairs);
	}

	/** Puts the export URL of the page (its own URL with export=xlsx) in every page's model. */
	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) {
		String view = modelAndView == null ? null : modelAndView.getViewName();
		if (modelAndView != null && "GET".equals(request.getMethod()) && (view == null || !view.startsWith("redirect:"))) {
			modelAndView.addObject("exportUrl", UriComponentsBuilder.fromPath(request.getRequestURI())
				.query(request.getQueryString()).replaceQueryParam(PARAM, "xlsx").build().toUriString());
		}
	}
}
