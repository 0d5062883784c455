package org.xingfu.notice;

import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.A4Document;
import org.xingfu.shared.Actor;

/**
 * A notice on A4, to pin on a board that has no screen: its place, kind, publicity window and text, and where to
 * object. A public notice prints for anyone, like its page; others for those who may read them.
 */
@Controller
class NoticePrintout {

	static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

	private final Notices notices;
	private final OrganizationDirectory directory;
	private final MessageSource messages;
	private final String font;

	NoticePrintout(Notices notices, OrganizationDirectory directory, MessageSource messages,
			@Value("${xingfu.notice.poster-font:}") String font) {
		this.notices = notices;
		this.directory = directory;
		this.messages = messages;
		this.font = font;
	}

	@GetMapping("/notices/{id}.pdf")
	ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor actor, @PathVariable long id) throws IOException {
		Notice n = notices.visible(actor, id);
		A4Document doc = A4Document.open(font)
			.title(n.title())
			.subtitle(messages.getMessage("notice.type." + n.type(), null, n.type().name(), Locale.SIMPLIFIED_CHINESE)
					+ "  ·  " + directory.address(n.nodePath()))
			.field("公示期", DAY.format(n.startsAt()) + " 至 " + DAY.format(n.endsAt()))
			.field("发布", n.publishedBy())
			.field("异议", n.objections() == 0 ? "暂无" : n.objections() + " 条")
			.heading("公示内容")
			.paragraph(n.body())
			.heading("如有异议")
			.paragraph("请在公示期内扫描公示栏二维码或登录“幸福”，在本公示页面提出异议，也可以到社区党群服务中心当面反映。");
		return A4Document.inline("notice-" + id + ".pdf", doc.finish("幸福 · 公示 #" + id));
	}
}
