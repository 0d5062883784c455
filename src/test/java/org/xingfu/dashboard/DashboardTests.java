package org.xingfu.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * Dashboards against PostgreSQL: the figures of every module for a node and its children agree with each other and
 * with the modules' own APIs, every figure has a label in both languages, scopes hold, the public page shows
 * aggregates only without login, and the drill-down table exports as a sheet.
 */
@XingfuTest
class DashboardTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	long node(String name) {
		return jdbc.sql("select id from org_node where name = ? order by id limit 1").param(name).query(Long.class).single();
	}

	static Map<String, JsonNode> byCode(JsonNode figures) {
		Map<String, JsonNode> m = new HashMap<>();
		figures.forEach(f -> m.put(f.get("code").asString(), f));
		return m;
	}

	static BigDecimal value(Map<String, JsonNode> figures, String code) {
		JsonNode f = figures.get(code);
		assertThat(f).as(code).isNotNull();
		return f.get("value").isNull() ? null : f.get("value").decimalValue();
	}

	@Test
	void theCityDashboardAddsUpAndMatchesTheModules() throws Exception {
		ApiClient api = new ApiClient(port);
		String admin = api.token("admin");
		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		ApiClient.Response r = api.get("/api/v1/dashboard/nodes/" + city, admin);
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		JsonNode d = r.json();
		Map<String, JsonNode> figures = byCode(d.get("figures"));
		// every module reports: organisation, requests, wishes, lists, notices, property, fund, renovation, grid,
		// campaigns, deliberation, ballots, volunteers, rating
		for (String code : List.of("org.households", "org.sunkCadres", "org.functionalBranches", "org.alliances",
				"request.received", "request.responseRate", "request.open", "request.overdue", "wish.fulfilled",
				"matching.matters", "notice.boards", "property.coverage", "fund.spent", "renovation.projects",
				"grid.fieldLogs", "campaign.coverage", "campaign.registrations", "deliberation.meetings",
				"vote.ballotsClosed", "volunteer.hours", "rating.averageScore")) {
			assertThat(figures).as(code).containsKey(code);
		}
		// the demo city: 7 streets, households as the register holds them, sunk cadres as assigned
		assertThat(d.get("children")).hasSize(7);
		assertThat(value(figures, "org.households")).isEqualByComparingTo(BigDecimal.valueOf(
				jdbc.sql("select count(*) from org_node where type = 'HOUSEHOLD'").query(Long.class).single()));
		assertThat(value(figures, "org.sunkCadres")).isEqualByComparingTo(BigDecimal.valueOf(jdbc.sql(
				"select count(*) from org_role_assignment where role = 'SUNK_CADRE'").query(Long.class).single()));
		assertThat(value(figures, "property.coverage")).isBetween(new BigDecimal("80"), new BigDecimal("100"));
		// counts of things that always sit in a compound add up over the children
		for (String code : List.of("org.households", "org.sunkCadres", "request.received", "request.open",
				"request.overdue", "wish.fulfilled")) {
			BigDecimal sum = BigDecimal.ZERO;
			for (JsonNode child : d.get("children")) {
				BigDecimal v = value(byCode(child.get("figures")), code);
				sum = sum.add(v == null ? BigDecimal.ZERO : v);
			}
			assertThat(sum).as(code).isEqualByComparingTo(value(figures, code));
		}
		// the three rates are the request module's own (its rates API, the same period)
		JsonNode rates = api.get("/api/v1/requests/rates?nodeId=" + city + "&from=" + d.get("from").asString() + "&to="
				+ d.get("to").asString(), admin).json();
		assertThat(value(figures, "request.received")).isEqualByComparingTo(rates.get("received").decimalValue());
		if (!rates.get("responseRate").isNull()) {
			assertThat(value(figures, "request.responseRate")).isEqualByComparingTo(
					rates.get("responseRate").decimalValue().multiply(BigDecimal.valueOf(100)).setScale(1, java.math.RoundingMode.HALF_UP));
		}
		// twelve months of trend
		assertThat(d.get("months")).hasSize(12);
		assertThat(d.get("trend").get("request.received")).hasSize(12);

		// every figure has its label in both languages
		Properties zh = load("i18n/messages.properties");
		Properties en = load("i18n/messages_en.properties");
		for (String code : figures.keySet()) {
			assertThat(zh.getProperty("figure." + code)).as("zh figure." + code).isNotBlank();
			assertThat(en.getProperty("figure." + code)).as("en figure." + code).isNotBlank();
		}
	}

	@Test
	void aCompoundDashboardCountsItsOwnRequests() {
		ApiClient api = new ApiClient(port);
		long compound = node("财政小区");
		String path = jdbc.sql("select path from org_node where id = ?").param(compound).query(String.class).single();
		java.time.LocalDate from = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusYears(3).plusDays(1);
		JsonNode d = api.get("/api/v1/dashboard/nodes/" + compound + "?from=" + from, api.token("sj.caizheng")).json();
		Map<String, JsonNode> figures = byCode(d.get("figures"));
		long open = jdbc.sql("""
				select count(*) from req_request where node_path like ? and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')""")
			.param(path + "%").query(Long.class).single();
		assertThat(value(figures, "request.open")).isEqualByComparingTo(BigDecimal.valueOf(open));
		long received = jdbc.sql("""
				select count(*) from req_request where node_path like ?
				   and submitted_at >= (cast(? as date) at time zone 'Asia/Shanghai')""")
			.params(path + "%", from.toString()).query(Long.class).single();
		assertThat(value(figures, "request.received")).isEqualByComparingTo(BigDecimal.valueOf(received));
		// a compound's dashboard has no drill-down table below it
		assertThat(d.get("children")).isEmpty();
		// the link behind a figure is the staff list filtered to the node
		assertThat(figures.get("request.open").get("link").asString()).contains("nodeId=" + compound);
	}

	@Test
	void scopesHold() {
		ApiClient api = new ApiClient(port);
		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		long nongchang = node("农场社区");
		long xinmin = node("新民社区");
		String community = api.token("sq.nongchang");
		assertThat(api.get("/api/v1/dashboard/nodes/" + nongchang, community).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/dashboard/nodes/" + city, community).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/dashboard/nodes/" + xinmin, community).status()).isEqualTo(404);
		// a resident and a building head have their own pages, not dashboards
		assertThat(api.get("/api/v1/dashboard/nodes/" + node("财政小区"), api.token("jm.caizheng.101")).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/dashboard/nodes/" + node("财政小区"), api.token("ld.caizheng.1")).status()).isEqualTo(404);
		// a building is below the dashboards' lowest level
		long building = jdbc.sql("select id from org_node where type = 'BUILDING' order by id limit 1").query(Long.class).single();
		assertThat(api.get("/api/v1/dashboard/nodes/" + building, api.token("admin")).status()).isEqualTo(404);
		// a period the wrong way round is a 400 with a problem, in Chinese first
		ApiClient.Response bad = api.get("/api/v1/dashboard/nodes/" + nongchang + "?from=2026-05-01&to=2026-04-01", community);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.contentType()).contains("application/problem+json");
		assertThat(bad.body()).contains("开始日期不能晚于结束日期");
		assertThat(api.get("/api/v1/dashboard/nodes/" + nongchang + "?from=yesterday", community).status()).isEqualTo(400);
	}

	@Test
	void thePublicPageShowsAggregatesWithoutLogin() {
		PageSession anonymous = new PageSession(port);
		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		var page = anonymous.page("/public/dashboard/" + city);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("幸福小区建设成效").contains("下沉干部").contains("河北街道")
			// no list of people, no care figures
			.doesNotContain("特殊群体逾期未访").doesNotContain("jm.caizheng");
		assertThat(page.body()).doesNotContainPattern("1[3-9][0-9]{9}");
		long street = node("河北街道");
		assertThat(anonymous.get("/public/dashboard/" + street)).isEqualTo(200);
		// the sign-in page links to the city's page
		assertThat(anonymous.page("/login").body()).contains("/public/dashboard");
		assertThat(anonymous.page("/public/dashboard").headers().firstValue("Location").orElse(""))
			.endsWith("/public/dashboard/" + city);
		// a community or compound has no public page; the staff dashboard needs a login
		assertThat(anonymous.get("/public/dashboard/" + node("农场社区"))).isEqualTo(404);
		assertThat(anonymous.get("/dashboard?nodeId=" + city)).isEqualTo(302);
	}

	@Test
	void pagesShowTheFiguresAndExportTheDrillDown() {
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		var page = street.page("/dashboard");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("河北街道 · 数据驾驶舱").contains("农场社区").contains("响应率");
		assertThat(street.page("/dashboard/screen").body()).contains("data-bs-theme=\"dark\"").contains("hx-trigger=\"every 60s\"");
		var sheet = street.bytes("/dashboard/children.xlsx?nodeId=" + node("河北街道") + "&from=2026-01-01");
		assertThat(sheet.statusCode()).isEqualTo(200);
		assertThat(sheet.body()[0]).isEqualTo((byte) 'P'); // a zip: the .xlsx
		// the street may not open another street's dashboard
		assertThat(street.get("/dashboard?nodeId=" + node("河南街道"))).isEqualTo(404);
	}

	@Autowired
	WeeklyReports weeklyReports;

	@Test
	void aStreetsWeeklyReportIsAPdfWithItsFigures() throws Exception {
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		long hebei = node("河北街道");
		assertThat(street.post("/dashboard/weekly", "nodeId=" + hebei + "&day=2026-11-18")).isEqualTo(302);
		String list = street.page("/dashboard/weekly?nodeId=" + hebei).body();
		assertThat(list).contains("周报已生成").contains("2026-11-16 – 2026-11-22");
		long id = jdbc.sql("select id from dsh_report where node_id = ? and week_start = date '2026-11-16'").param(hebei)
			.query(Long.class).single();
		var pdf = street.bytes("/dashboard/weekly/" + id + ".pdf");
		assertThat(pdf.statusCode()).isEqualTo(200);
		assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
		// a font subset, not the whole 5 MB font
		assertThat(pdf.body().length).isBetween(5_000, 400_000);
		try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
			String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
			assertThat(text).contains("河北街道").contains("工作周报").contains("响应率").contains("农场社区").contains("八好平均分")
				.contains("2026-11-16 – 2026-11-22");
			// a picture of the page, to look at with the screenshots of the browser tests
			java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
			javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 72),
					"png", java.nio.file.Path.of("target/screenshots/weekly-report.png").toFile());
		}
		// a community's staff have no street report; another street's admin does not see this one
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(community.get("/dashboard/weekly?nodeId=" + hebei)).isEqualTo(404);
		assertThat(community.get("/dashboard/weekly/" + id + ".pdf")).isEqualTo(404);
		PageSession other = new PageSession(port);
		other.login("jd.lingdong", ApiClient.PASSWORD);
		assertThat(other.get("/dashboard/weekly/" + id + ".pdf")).isEqualTo(404);
		// the Monday run makes last week's report of the city and every street
		weeklyReports.weekly();
		assertThat(jdbc.sql("""
				select count(*) from dsh_report r join org_node n on n.id = r.node_id
				 where n.type in ('CITY', 'STREET') and r.made_by = 'system'""").query(Long.class).single()).isEqualTo(8);
	}

	private static Properties load(String resource) throws Exception {
		Properties p = new Properties();
		try (var in = DashboardTests.class.getClassLoader().getResourceAsStream(resource)) {
			p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return p;
	}
}
