package org.xingfu.vote;

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
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.A4Document;
import org.xingfu.shared.Actor;

/**
 * The result of an owners' vote on A4 (业主表决结果), for the notice board and the file: the matter, the roll and the
 * count by exclusive area and by head under Civil Code article 278, and whether it passed. Only once the vote is
 * closed (409 before), for those who may read the ballot.
 */
@Controller
class BallotPrintout {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

	private final Ballots ballots;
	private final OrganizationDirectory directory;
	private final MessageSource messages;
	private final String font;

	BallotPrintout(Ballots ballots, OrganizationDirectory directory, MessageSource messages,
			@Value("${xingfu.notice.poster-font:}") String font) {
		this.ballots = ballots;
		this.directory = directory;
		this.messages = messages;
		this.font = font;
	}

	@GetMapping("/ballots/{id}/result.pdf")
	ResponseEntity<byte[]> pdf(@AuthenticationPrincipal Actor actor, @PathVariable long id) throws IOException {
		Ballots.Ballot b = ballots.visible(actor, id);
		Tally.Result r = ballots.result(actor, id);
		Locale zh = Locale.SIMPLIFIED_CHINESE;
		A4Document doc = A4Document.open(font)
			.title("业主表决结果")
			.subtitle("依据《民法典》第二百七十八条，按专有部分面积和业主人数双重计票。打印于 " + TIME.format(Instant.now()))
			.field("小区", directory.address(b.nodePath()))
			.field("表决事项", messages.getMessage("ballot.matter." + b.matter(), null, b.matter().name(), zh))
			.field("表决内容", b.question())
			.field("表决时间", TIME.format(b.opensAt()) + " 至 " + TIME.format(b.closedAt() == null ? b.closesAt() : b.closedAt()))
			.heading("计票");
		doc.table(List.of("", "专有部分面积（㎡）", "业主人数"), List.of(
				List.of("应参与表决", r.eligibleArea().toPlainString(), String.valueOf(r.eligibleOwners())),
				List.of("参与表决", r.participatingArea().toPlainString(), String.valueOf(r.participatingOwners())),
				List.of("同意", r.forArea().toPlainString(), String.valueOf(r.forOwners())),
				List.of("反对", r.againstArea().toPlainString(), String.valueOf(r.againstOwners()))), 2, 3, 2);
		doc.heading(r.passed() ? "结果：通过" : "结果：未通过")
			.paragraph(BallotResultNotice.reason(r, messages, zh));
		return A4Document.inline("ballot-" + id + "-result.pdf", doc.finish("幸福 · 业主表决结果 #" + id));
	}
}
