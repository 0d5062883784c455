package org.xingfu.identity;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.PersonalDataSource;
import org.xingfu.shared.Sheets;

/**
 * "我的数据" (issue 24, PIPL art. 45): everything the platform holds about the signed-in person, from every module
 * that holds something ({@link PersonalDataSource}), as a spreadsheet with a sheet a section, or as JSON
 * ({@code GET /api/v1/me/data}). Each download is in the audit log.
 */
@Controller
class MyData {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final List<PersonalDataSource> sources;
	private final ApplicationEventPublisher events;

	MyData(List<PersonalDataSource> sources, ApplicationEventPublisher events) {
		this.sources = sources;
		this.events = events;
	}

	record Section(String title, List<Map<String, Object>> rows) {
	}

	List<Section> gather(Actor actor) {
		if (actor.personId() == null) {
			throw new NotFoundException("person", 0);
		}
		List<Section> sections = new ArrayList<>();
		for (PersonalDataSource source : sources) {
			sections.add(new Section(source.section(), source.about(actor.personId(), actor.username())));
		}
		events.publishEvent(ActionRecorded.of(actor.username(), "OWN_DATA_DOWNLOADED", "person", actor.personId(),
				"/" + actor.cityId() + "/", sections.stream().mapToInt(s -> s.rows().size()).sum() + " rows"));
		return sections;
	}

	@GetMapping("/api/v1/me/data")
	@ResponseBody
	Map<String, Object> json(@AuthenticationPrincipal Actor actor) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("person", actor.personId());
		body.put("madeAt", Instant.now());
		Map<String, Object> data = new LinkedHashMap<>();
		for (Section s : gather(actor)) {
			data.put(s.title(), s.rows());
		}
		body.put("sections", data);
		return body;
	}

	@GetMapping("/account/my-data.xlsx")
	ResponseEntity<byte[]> sheet(@AuthenticationPrincipal Actor actor) {
		List<Sheets.Sheet> sheets = new ArrayList<>();
		for (Section s : gather(actor)) {
			List<String> headers = s.rows().isEmpty() ? List.of("（无）")
					: List.copyOf(s.rows().getFirst().keySet());
			List<List<Object>> rows = new ArrayList<>();
			for (Map<String, Object> row : s.rows()) {
				List<Object> cells = new ArrayList<>();
				for (String h : headers) {
					Object v = row.get(h);
					cells.add(v instanceof Instant i ? LOCAL.format(i) : v);
				}
				rows.add(cells);
			}
			sheets.add(new Sheets.Sheet(s.title(), s.title(), headers, rows));
		}
		return Sheets.download("my-data.xlsx", Sheets.of(sheets));
	}
}
