package org.xingfu.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/** Notices through the API: windows and minimum periods, scopes, corrections, withdrawal, objections, boards. */
@XingfuTest
class NoticeApiTests {

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R' };

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient api;
	long compound;
	long community;
	long street;
	String staff;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port);
		compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		community = jdbc.sql("select parent_id from org_node where id = ?").param(compound).query(Long.class).single();
		street = jdbc.sql("select parent_id from org_node where id = ?").param(community).query(Long.class).single();
		staff = api.token("sq.nongchang");
	}

	Map<String, Object> notice(long nodeId, String scope, String type, String title, Instant ends) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("nodeId", nodeId);
		body.put("scope", scope);
		body.put("type", type);
		body.put("title", title);
		body.put("body", "1号楼电梯更换，预算 128,000.00 元。\n各户分摊见附件。");
		body.put("endsAt", ends.toString());
		return body;
	}

	long publish(Map<String, Object> body) {
		ApiClient.Response r = api.post("/api/v1/notices", staff, ApiClient.json(body));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return r.json().get("id").asLong();
	}

	boolean listed(JsonNode list, long id) {
		for (JsonNode n : list) {
			if (n.get("id").asLong() == id) {
				return true;
			}
		}
		return false;
	}

	@Test
	void publicNoticesAreReadWithoutSigningInAndScopedOnesOnlyByTheirPeople() {
		Instant now = Instant.now();
		long before = jdbc.sql("select count(*) from ntc_notice").query(Long.class).single();
		// a fund notice stays up at least 10 days; the window must end after it starts; scope must match the level
		ApiClient.Response tooShort = api.post("/api/v1/notices", staff,
				ApiClient.json(notice(compound, "PUBLIC", "FUND", "电梯更换维修资金使用公示", now.plus(5, ChronoUnit.DAYS))));
		assertThat(tooShort.status()).isEqualTo(400);
		assertThat(tooShort.body()).contains("endsAt").contains("10");
		assertThat(api.post("/api/v1/notices", staff, ApiClient.json(notice(compound, "PUBLIC", "PARTY", "x",
				now.minus(1, ChronoUnit.DAYS)))).status()).isEqualTo(400);
		ApiClient.Response wrongLevel = api.post("/api/v1/notices", staff,
				ApiClient.json(notice(compound, "COMMUNITY", "RESIDENTS", "x", now.plus(3, ChronoUnit.DAYS))));
		assertThat(wrongLevel.status()).isEqualTo(400);
		assertThat(wrongLevel.body()).contains("scope");
		assertThat(api.post("/api/v1/notices", staff, "{\"nodeId\": \"abc\"}").status()).isEqualTo(400);
		// another community's staff, and a resident: not theirs to publish
		assertThat(api.post("/api/v1/notices", api.token("sq.chaoyang"),
				ApiClient.json(notice(compound, "PUBLIC", "RESIDENTS", "x", now.plus(3, ChronoUnit.DAYS)))).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/notices", api.token("jm.caizheng.101"),
				ApiClient.json(notice(compound, "PUBLIC", "RESIDENTS", "x", now.plus(3, ChronoUnit.DAYS)))).status()).isEqualTo(403);
		assertThat(jdbc.sql("select count(*) from ntc_notice").query(Long.class).single()).isEqualTo(before);

		long fund = publish(notice(compound, "PUBLIC", "FUND", "电梯更换维修资金使用公示", now.plus(11, ChronoUnit.DAYS)));
		long inner = publish(notice(compound, "COMPOUND", "RESIDENTS", "小区停车位调整征求意见", now.plus(3, ChronoUnit.DAYS)));
		long streetWide = publish(notice(community, "PUBLIC", "PARTY", "农场社区党总支换届公示", now.plus(3, ChronoUnit.DAYS)));

		// without a token: the public ones that concern the compound (its own, and its community's), not the inner one
		JsonNode atCompound = api.get("/api/v1/public/notices?nodeId=" + compound, null).json();
		assertThat(listed(atCompound, fund)).isTrue();
		assertThat(listed(atCompound, streetWide)).isTrue();
		assertThat(listed(atCompound, inner)).isFalse();
		// the street's public list holds what was posted below it
		assertThat(listed(api.get("/api/v1/public/notices?nodeId=" + street, null).json(), fund)).isTrue();
		assertThat(api.get("/api/v1/public/notices/" + fund, null).json().get("title").asString()).isEqualTo("电梯更换维修资金使用公示");
		assertThat(api.get("/api/v1/public/notices/" + fund, null).json().get("publishedBy").isNull()).isTrue();
		assertThat(api.get("/api/v1/public/notices/" + inner, null).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/public/notices?nodeId=abc", null).status()).isEqualTo(400);
		assertThat(api.get("/api/v1/notices", null).status()).isEqualTo(401);
		// the compound's own resident reads the inner notice; a resident of another community does not
		assertThat(api.get("/api/v1/notices/" + inner, api.token("jm.caizheng.101")).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/notices/" + inner, api.token("jm.xinmin.101")).status()).isEqualTo(404);
		assertThat(listed(api.get("/api/v1/notices", api.token("jm.caizheng.101")).json(), inner)).isTrue();
		assertThat(listed(api.get("/api/v1/notices", api.token("jm.xinmin.101")).json(), inner)).isFalse();
	}

	@Test
	void aCorrectionIsANewVersionAndTheOldOneStaysReadableAsSuperseded() {
		Instant now = Instant.now();
		long first = publish(notice(compound, "PUBLIC", "FINANCE", "2026年第三季度收支公示", now.plus(7, ChronoUnit.DAYS)));
		ApiClient.Response corrected = api.post("/api/v1/notices/" + first + "/corrections", staff,
				ApiClient.json(Map.of("title", "2026年第三季度收支公示（更正）", "body", "支出合计 3,456.70 元。")));
		assertThat(corrected.status()).as(corrected.body()).isEqualTo(201);
		long second = corrected.json().get("id").asLong();
		assertThat(corrected.json().get("version").asInt()).isEqualTo(2);
		assertThat(corrected.json().get("seriesId").asLong()).isEqualTo(first);

		JsonNode old = api.get("/api/v1/public/notices/" + first, null).json();
		assertThat(old.get("supersededBy").asLong()).isEqualTo(second);
		JsonNode current = api.get("/api/v1/public/notices?nodeId=" + compound, null).json();
		assertThat(listed(current, second)).isTrue();
		assertThat(listed(current, first)).isFalse();
		// the superseded version is not corrected again, and takes no objections
		assertThat(api.post("/api/v1/notices/" + first + "/corrections", staff,
				ApiClient.json(Map.of("title", "再改", "body", "x"))).status()).isEqualTo(409);
		assertThat(api.post("/api/v1/notices/" + first + "/objections", api.token("jm.caizheng.101"),
				ApiClient.json(Map.of("text", "数字不对"))).status()).isEqualTo(409);
	}

	@Test
	void aNoticeIsNotWithdrawnBeforeItsMinimumPeriod() {
		long id = publish(notice(compound, "PUBLIC", "FUND", "屋面防水维修资金使用公示", Instant.now().plus(12, ChronoUnit.DAYS)));
		ApiClient.Response early = api.post("/api/v1/notices/" + id + "/withdraw", staff,
				ApiClient.json(Map.of("reason", "发布错了")));
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.body()).contains("10");
		assertThat(api.post("/api/v1/notices/" + id + "/withdraw", staff, ApiClient.json(Map.of("reason", " "))).status())
			.isEqualTo(400);
		// eleven days later (moved back in the table: the clock is real)
		jdbc.sql("update ntc_notice set starts_at = starts_at - interval '11 days' where id = ?").param(id).update();
		ApiClient.Response later = api.post("/api/v1/notices/" + id + "/withdraw", staff,
				ApiClient.json(Map.of("reason", "工程取消")));
		assertThat(later.status()).as(later.body()).isEqualTo(200);
		assertThat(later.json().get("withdrawReason").asString()).isEqualTo("工程取消");
		assertThat(listed(api.get("/api/v1/public/notices?nodeId=" + compound, null).json(), id)).isFalse();
		assertThat(api.get("/api/v1/public/notices/" + id, null).status()).isEqualTo(200);
	}

	@Test
	void residentsInScopeObjectAndStaffAnswerOnce() {
		long id = publish(notice(compound, "PUBLIC", "RESIDENTS", "楼道改造方案公示", Instant.now().plus(5, ChronoUnit.DAYS)));
		String resident = api.token("jm.caizheng.101");
		String outsider = api.token("jm.xinmin.101");
		// a resident of another community reads the public notice but may not object to it
		assertThat(api.get("/api/v1/notices/" + id, outsider).status()).isEqualTo(200);
		assertThat(api.post("/api/v1/notices/" + id + "/objections", outsider, ApiClient.json(Map.of("text", "我反对")))
			.status()).isEqualTo(403);
		assertThat(api.post("/api/v1/notices/" + id + "/objections", resident, ApiClient.json(Map.of("text", "")))
			.status()).isEqualTo(400);
		ApiClient.Response filed = api.post("/api/v1/notices/" + id + "/objections", resident,
				ApiClient.json(Map.of("text", "方案没有考虑无障碍通道。")));
		assertThat(filed.status()).as(filed.body()).isEqualTo(201);
		long objection = filed.json().get("id").asLong();

		// another community's staff cannot see it; a resident may not answer; the community's staff answer once
		assertThat(api.post("/api/v1/notices/" + id + "/objections/" + objection + "/answer", api.token("sq.chaoyang"),
				ApiClient.json(Map.of("text", "x"))).status()).isEqualTo(403);
		assertThat(api.post("/api/v1/notices/" + id + "/objections/" + objection + "/answer", resident,
				ApiClient.json(Map.of("text", "x"))).status()).isEqualTo(403);
		ApiClient.Response answered = api.post("/api/v1/notices/" + id + "/objections/" + objection + "/answer", staff,
				ApiClient.json(Map.of("text", "已增加无障碍坡道，见更正版。")));
		assertThat(answered.status()).as(answered.body()).isEqualTo(200);
		assertThat(api.post("/api/v1/notices/" + id + "/objections/" + objection + "/answer", staff,
				ApiClient.json(Map.of("text", "再答"))).status()).isEqualTo(409);

		JsonNode mine = api.get("/api/v1/notices/" + id + "/objections", resident).json();
		assertThat(mine).hasSize(1);
		assertThat(mine.get(0).get("answer").asString()).isEqualTo("已增加无障碍坡道，见更正版。");
		assertThat(api.get("/api/v1/notices/" + id + "/objections", outsider).json()).isEmpty();
		assertThat(api.get("/api/v1/notices/" + id + "/objections", staff).json()).hasSize(1);
		assertThat(api.get("/api/v1/public/notices/" + id, null).json().get("objections").asInt()).isEqualTo(1);

		// the community's staff heard of the objection, and the resident of the answer, each with a link to the notice
		assertThat(inboxLink(staff, "NOTICE_OBJECTION_FILED", "楼道改造方案公示")).isEqualTo("/notices/" + id);
		assertThat(inboxLink(resident, "NOTICE_OBJECTION_ANSWERED", "楼道改造方案公示")).isEqualTo("/notices/" + id);
	}

	/** Waits for the listener (it runs after the commit, on another thread) and returns the notification's link. */
	String inboxLink(String token, String kind, String title) {
		return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
			for (JsonNode n : api.get("/api/v1/notifications?size=100", token).json().get("items")) {
				if (n.get("kind").asString().equals(kind) && n.get("args").get(0).asString().equals(title)) {
					return n.get("link").asString();
				}
			}
			return null;
		}, java.util.Objects::nonNull);
	}

	@Test
	void attachmentsArePicturesOrPdfAndAnythingElseStoresNothing() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("nodeId", String.valueOf(compound));
		fields.put("scope", "PUBLIC");
		fields.put("type", "RENOVATION");
		fields.put("title", "老旧小区改造施工图公示");
		fields.put("body", "施工图见附件。");
		fields.put("endsAt", Instant.now().plus(7, ChronoUnit.DAYS).toString());
		long before = jdbc.sql("select count(*) from ntc_notice").query(Long.class).single();
		ApiClient.Response bad = api.multipart("/api/v1/notices", staff, fields, "files",
				Map.of("plan.png", PNG, "run.exe", "MZ\u0090\u0000binary".getBytes()));
		assertThat(bad.status()).isEqualTo(415);
		assertThat(bad.body()).contains("PDF");
		assertThat(jdbc.sql("select count(*) from ntc_notice").query(Long.class).single()).isEqualTo(before);

		ApiClient.Response ok = api.multipart("/api/v1/notices", staff, fields, "files",
				Map.of("plan.png", PNG, "budget.pdf", "%PDF-1.4\n%fake but typed by its head\n".getBytes()));
		assertThat(ok.status()).as(ok.body()).isEqualTo(201);
		long id = ok.json().get("id").asLong();
		assertThat(jdbc.sql("select content_type from ntc_attachment where notice_id = ? order by content_type").param(id)
			.query(String.class).list()).containsExactly("application/pdf", "image/png");
	}

	@Test
	void boardsAreRegisteredAndTheirPosterCarriesTheNameAndTheBoardsAddress() throws Exception {
		ApiClient.Response board = api.post("/api/v1/boards", staff,
				ApiClient.json(Map.of("compoundId", compound, "name", "财政小区1号楼公示栏", "place", "1号楼东侧单元门旁")));
		assertThat(board.status()).as(board.body()).isEqualTo(201);
		long id = board.json().get("id").asLong();
		assertThat(api.post("/api/v1/boards", api.token("sq.chaoyang"),
				ApiClient.json(Map.of("compoundId", compound, "name", "x", "place", "y"))).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/boards/" + id + "/poster", api.token("sq.chaoyang")).status()).isEqualTo(404);

		var poster = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/boards/" + id + "/poster"))
			.header("Authorization", "Bearer " + staff).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
		assertThat(poster.statusCode()).isEqualTo(200);
		assertThat(poster.headers().firstValue("Content-Type")).hasValue("application/pdf");
		try (PDDocument pdf = Loader.loadPDF(poster.body())) {
			assertThat(pdf.getNumberOfPages()).isEqualTo(1);
			assertThat(pdf.getPage(0).getMediaBox().getWidth()).isBetween(594f, 596f); // A4: 595 × 842 pt
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains("公 示 栏").contains("财政小区1号楼公示栏").contains("1号楼东侧单元门旁")
				.contains("http://localhost:" + port + "/boards/" + id);
		}
		// the poster embeds only the glyphs it uses: a subset font keeps it small enough to send around
		assertThat(poster.body().length).isLessThan(100_000);
	}
}
