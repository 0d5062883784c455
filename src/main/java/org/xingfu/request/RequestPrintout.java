package org.xingfu.request;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.xingfu.shared.A4Document;
import org.xingfu.shared.Actor;

/**
 * A case on A4 (诉求办理单), for the file and for a resident who wants it on paper: what was reported, where, the time
 * limits and every step of its handling. It shows what the page shows the same reader (RequestQueries masks the
 * resident's name and phone, and leaves internal notes out for residents).
 */
@Controller
class RequestPrintout {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

	private final RequestQueries queries;
	private final MessageSource messages;
	private final String font;

	RequestPrintout(RequestQueries queries, MessageSource messages, @Value("${xingfu.notice.poster-font:}") String font) {
		this.queries = queries;
		this.messages = messages;
		this.font = font;
	}

	@GetMapping({ "/requests/{id}.pdf", "/admin/requests/{id}.pdf" })
	ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor actor, @PathVariable long id) throws IOException {
		RequestView r = queries.detail(actor, id);
		A4Document doc = A4Document.open(font)
			.title("诉求办理单 #" + r.id() + "  " + r.title())
			.subtitle("打印于 " + TIME.format(Instant.now()))
			.field("状态", say("status." + r.status()))
			.field("类别", r.categoryName())
			.field("紧急程度", say("urgency." + r.urgency()))
			.field("地点", r.place())
			.field("反映人", join(r.residentName(), r.residentPhone()))
			.field("提交时间", time(r.submittedAt()))
			.field("受理时限", time(r.acceptDueAt()))
			.field("办结时限", time(r.resolveDueAt()) + (r.overdue() ? "（已超时）" : ""))
			.field("办结时间", time(r.resolvedAt()))
			.field("评价", r.satisfaction() == null ? "" : say("satisfaction." + r.satisfaction()))
			.heading("问题描述")
			.paragraph(r.description())
			.heading("办理过程");
		doc.table(List.of("时间", "办理人", "经过", "说明"), r.timeline().stream()
			.map(t -> List.of(time(t.at()), t.actor() == null ? "" : t.actor(), say("event." + t.type()),
					t.note() == null ? "" : t.note()))
			.toList(), 2.2f, 2f, 2f, 5f);
		return A4Document.inline("request-" + id + ".pdf", doc.finish("幸福 · 诉求办理单 #" + id));
	}

	private String say(String key) {
		return messages.getMessage(key, null, key, Locale.SIMPLIFIED_CHINESE);
	}

	private static String time(Instant at) {
		return at == null ? "" : TIME.format(at);
	}

	private static String join(String a, String b) {
		return (a == null ? "" : a) + (b == null || b.isBlank() ? "" : "  " + b);
	}
}
