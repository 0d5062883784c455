package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * The A4 printouts of a case, a notice and a vote result: real PDFs with the Chinese text in an embedded font, for
 * the readers of the page and nobody else, and a vote's result only once it is closed.
 */
@XingfuTest
class PrintoutTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aCaseANoticeAndAVoteResultPrintOnA4InChinese() throws IOException {
		ApiClient api = new ApiClient(port);
		String resident = api.token("jm.caizheng.101");
		String staff = api.token("sq.nongchang");
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();

		ApiClient.Response request = api.post("/api/v1/requests", resident, ApiClient.json(Map.of("category",
				"PROPERTY_REPAIR", "title", "打印测试：二楼水管漏水", "description", "二楼水管接口漏水，楼道地面湿滑。\n请尽快维修。",
				"urgency", "GENERAL")));
		long id = request.json().get("id").asLong();
		assertThat(api.post("/api/v1/requests/" + id + "/accept", staff, "{}").status()).isEqualTo(200);
		PageSession owner = new PageSession(port);
		owner.login("jm.caizheng.101", ApiClient.PASSWORD);
		String text = pdfText(owner.bytes("/requests/" + id + ".pdf"));
		assertThat(text).contains("诉求办理单").contains("打印测试：二楼水管漏水").contains("楼道地面湿滑").contains("已受理")
			.contains("办理过程");
		PageSession office = new PageSession(port);
		office.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(pdfText(office.bytes("/admin/requests/" + id + ".pdf"))).contains("打印测试：二楼水管漏水");
		PageSession stranger = new PageSession(port);
		stranger.login("jm.xinmin.101", ApiClient.PASSWORD);
		assertThat(stranger.bytes("/requests/" + id + ".pdf").statusCode()).isEqualTo(404);

		// a public notice prints for anyone, as its page shows
		long notice = api.post("/api/v1/notices", staff, ApiClient.json(Map.of("nodeId", compound, "scope", "PUBLIC",
				"type", "RESIDENTS", "title", "打印测试：周三停水", "body", "管道维修，周三8:00至12:00停水。", "endsAt",
				Instant.now().plus(Duration.ofDays(5)).toString()))).json().get("id").asLong();
		assertThat(pdfText(new PageSession(port).bytes("/notices/" + notice + ".pdf"))).contains("打印测试：周三停水")
			.contains("居务公开").contains("公示期").contains("如有异议");

		// a vote's result, once it is closed
		long building = jdbc.sql("select id from org_node where parent_id = ? order by id limit 1").param(compound)
			.query(Long.class).single();
		long ballot = api.post("/api/v1/ballots", staff, ApiClient.json(Map.of("compoundId", compound, "buildingIds",
				List.of(building), "matter", "COMMON_USE", "question", "打印测试：是否在南门增设充电桩？", "opensAt",
				Instant.now().toString(), "closesAt", Instant.now().plus(Duration.ofDays(3)).toString()))).json()
			.get("id").asLong();
		assertThat(office.bytes("/ballots/" + ballot + "/result.pdf").statusCode()).as("still open").isEqualTo(409);
		// the voting time is over (made so here rather than waited for), and the organiser closes it
		jdbc.sql("update vot_ballot set opens_at = now() - interval '2 days', closes_at = now() - interval '1 minute' where id = ?")
			.param(ballot).update();
		assertThat(api.post("/api/v1/ballots/" + ballot + "/close", staff, "{}").status()).isEqualTo(200);
		assertThat(pdfText(office.bytes("/ballots/" + ballot + "/result.pdf"))).contains("业主表决结果")
			.contains("打印测试：是否在南门增设充电桩？").contains("专有部分面积").contains("未通过");
	}

	/** The text of a PDF, after checking it is one and that its fonts are embedded. */
	private static String pdfText(HttpResponse<byte[]> response) throws IOException {
		assertThat(response.statusCode()).isEqualTo(200);
		// kept for a look: target/printouts/
		java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "printouts"));
		java.nio.file.Files.write(dir.resolve(response.uri().getPath().substring(1).replaceAll("[^A-Za-z0-9.]+", "-")),
				response.body());
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
		try (PDDocument doc = Loader.loadPDF(response.body())) {
			for (var page : doc.getPages()) {
				for (var name : page.getResources().getFontNames()) {
					PDFont font = page.getResources().getFont(name);
					assertThat(font.isEmbedded()).as(font.getName()).isTrue();
				}
			}
			return new PDFTextStripper().getText(doc);
		}
	}
}
