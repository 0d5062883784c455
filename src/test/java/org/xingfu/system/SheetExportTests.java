package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * Staff lists as .xlsx with the filters that were active: the request queue (scoped, filtered, masked and audited
 * like the page), the audit log, the fund applications and the rating ranking.
 */
@XingfuTest
class SheetExportTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static List<List<String>> rows(byte[] xlsx) throws Exception {
		List<List<String>> rows = new ArrayList<>();
		try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
			for (Row r : wb.getFirstSheet().read()) {
				List<String> cells = new ArrayList<>();
				for (int c = 0; c < r.getCellCount(); c++) {
					cells.add(r.getCell(c) == null ? "" : r.getCellText(c));
				}
				rows.add(cells);
			}
		}
		return rows;
	}

	@Test
	void theRequestQueueExportsWithItsFiltersAndScope() throws Exception {
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		var sheet = community.bytes("/admin/requests/export.xlsx?status=ALL&overdue=false&category=");
		assertThat(sheet.statusCode()).isEqualTo(200);
		List<List<String>> all = rows(sheet.body());
		assertThat(all.getFirst().getFirst()).startsWith("诉求工单");
		assertThat(all.get(1)).contains("编号", "标题", "反映人", "电话");
		String nongchang = jdbc.sql("select path from org_node where name = '农场社区'").query(String.class).single();
		long inScope = jdbc.sql("select count(*) from req_request where node_path like ?").param(nongchang + "%")
			.query(Long.class).single();
		assertThat(all).hasSize((int) Math.min(inScope, 10_000) + 2);
		// exactly the community's requests
		java.util.Set<String> ids = new java.util.HashSet<>(jdbc.sql("select id::text from req_request where node_path like ?")
			.param(nongchang + "%").query(String.class).list());
		assertThat(all.subList(2, all.size()).stream().map(r -> r.getFirst()).toList()).allMatch(ids::contains)
			.doesNotHaveDuplicates();
		// the status filter is applied and named in the title line
		List<List<String>> submitted = rows(community.bytes("/admin/requests/export.xlsx?status=SUBMITTED").body());
		assertThat(submitted.getFirst().getFirst()).contains("待受理");
		long submittedCount = jdbc.sql("select count(*) from req_request where node_path like ? and status = 'SUBMITTED'")
			.param(nongchang + "%").query(Long.class).single();
		assertThat(submitted).hasSize((int) submittedCount + 2);
		// the street sees residents' phones masked, as on its pages
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		for (List<String> row : rows(street.bytes("/admin/requests/export.xlsx?status=ALL").body()).stream().skip(2).toList()) {
			if (row.size() > 11 && !row.get(11).isBlank()) {
				assertThat(row.get(11)).contains("****");
			}
		}
		// the export is in the audit log
		assertThat(jdbc.sql("select count(*) from aud_entry where action = 'REQUESTS_EXPORTED' and actor = 'sq.nongchang'")
			.query(Long.class).single()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void theCareListAndWishesExport() throws Exception {
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		long before = jdbc.sql("select count(*) from aud_entry where action = 'CARE_LIST_EXPORTED'").query(Long.class).single();
		var care = community.bytes("/grid/care/export.xlsx");
		assertThat(care.statusCode()).isEqualTo(200);
		List<List<String>> rows = rows(care.body());
		assertThat(rows.get(1)).contains("姓名", "类别", "应访日期");
		long open = jdbc.sql("""
				select count(*) from grd_care where ended_on is null
				   and node_path like (select path from org_node where name = '农场社区') || '%'""").query(Long.class).single();
		assertThat(rows).hasSize((int) open + 2);
		// personal data: the export is audited
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'CARE_LIST_EXPORTED'").query(Long.class).single() > before);
		// the street has no care list
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		assertThat(street.get("/grid/care/export.xlsx")).isEqualTo(403);
		List<List<String>> wishes = rows(community.bytes("/wishes/export.xlsx?status=PUBLISHED").body());
		assertThat(wishes.get(1)).contains("心愿", "受助人");
		// staff see their area's wishes and the published ones of the city, as on the page
		assertThat(wishes).hasSize(jdbc.sql("select count(*) from wsh_wish where status = 'PUBLISHED'").query(Integer.class)
			.single() + 2);
		assertThat(wishes.subList(2, wishes.size())).allSatisfy(r -> assertThat(r.get(5)).isEqualTo("待认领"));
	}

	@Test
	void campaignRenovationAndDesignationListsExport() throws Exception {
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		// the demo's running campaign: a grid's missing list
		long campaign = jdbc.sql("select min(id) from cmp_campaign").query(Long.class).single();
		Long grid = jdbc.sql("""
				select grid_id from cmp_target where campaign_id = ? and grid_id is not null and status in ('PENDING', 'ABSENT')
				 group by grid_id order by count(*) desc limit 1""").param(campaign).query(Long.class).optional().orElse(null);
		assertThat(grid).isNotNull();
		List<List<String>> missing = rows(community.bytes("/campaigns/" + campaign + "/grids/" + grid + "/missing.xlsx").body());
		assertThat(missing.get(1)).containsExactly("姓名", "电话", "地址", "状态");
		long pending = jdbc.sql("select count(*) from cmp_target where campaign_id = ? and grid_id = ? and status in ('PENDING', 'ABSENT')")
			.params(campaign, grid).query(Long.class).single();
		assertThat(missing).hasSize((int) Math.min(pending, 2000) + 2);
		assertThat(missing.get(2).get(3)).isIn("未完成", "不在家");
		List<List<String>> renovation = rows(community.bytes("/renovation/export.xlsx").body());
		assertThat(renovation.get(1)).contains("项目", "预算（元）");
		List<List<String>> designations = rows(community.bytes("/ratings/designations/export.xlsx").body());
		assertThat(designations.get(1)).contains("小区", "状态", "自评分");
	}

	@Test
	void anyMarkedListExportsWhatThePageShows() throws Exception {
		PageSession admin = new PageSession(port);
		admin.login("admin", ApiClient.PASSWORD);
		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		String page = admin.page("/admin/requests/rates?nodeId=" + city + "&from=2026-01-01").body();
		assertThat(page).contains("export=xlsx");
		var sheet = admin.bytes("/admin/requests/rates?nodeId=" + city + "&from=2026-01-01&export=xlsx");
		assertThat(sheet.statusCode()).isEqualTo(200);
		assertThat(sheet.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
		List<List<String>> rows = rows(sheet.body());
		// the title names the filters; the headers and rows are the page's table
		assertThat(rows.getFirst().getFirst()).contains("nodeId=" + city).contains("from=2026-01-01");
		assertThat(rows.get(1)).contains("名称", "响应率", "满意率");
		assertThat(rows).hasSize(7 + 2);
		assertThat(rows.subList(2, rows.size()).stream().map(List::getFirst)).contains("河北街道", "岭东街道");
		// a community's staff export their people search masked as the page shows it
		PageSession community = new PageSession(port);
		community.login("sq.chaoyang", ApiClient.PASSWORD);
		String people = community.page("/admin/org/people?q=" + java.net.URLEncoder.encode("王", java.nio.charset.StandardCharsets.UTF_8)).body();
		List<List<String>> found = rows(community.bytes("/admin/org/people?q=" + java.net.URLEncoder.encode("王",
				java.nio.charset.StandardCharsets.UTF_8) + "&export=xlsx").body());
		for (List<String> row : found.subList(2, found.size())) {
			assertThat(people).contains(row.getFirst());
		}
		// a list of cards exports one row per card, as the page shows it
		String campaigns = admin.page("/campaigns").body();
		List<List<String>> cards = rows(admin.bytes("/campaigns?export=xlsx").body());
		assertThat(cards.get(1)).containsExactly("标题", "类别", "说明");
		assertThat(cards).hasSize(org.jsoup.Jsoup.parse(campaigns).select("#campaigns > a").size() + 2).hasSizeGreaterThan(2);
		assertThat(campaigns).contains(cards.get(2).getFirst());
		List<List<String>> notices = rows(community.bytes("/notices?export=xlsx").body());
		assertThat(notices.get(1)).containsExactly("标题", "状态", "说明");
		// a page without a marked list has nothing to export; without a login there is nothing at all
		assertThat(admin.get("/notifications?export=xlsx")).isEqualTo(404);
		assertThat(new PageSession(port).get("/admin/requests/rates?nodeId=" + city + "&export=xlsx")).isEqualTo(302);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'LIST_EXPORTED' and actor = 'admin'").query(Long.class).single() > 0);
	}

	@Test
	void theAuditLogFundAndRankingExport() throws Exception {
		PageSession admin = new PageSession(port);
		admin.login("admin", ApiClient.PASSWORD);
		List<List<String>> audit = rows(admin.bytes("/admin/audit/export.xlsx?action=LOGIN_SUCCEEDED").body());
		assertThat(audit.get(1)).contains("seq", "actor", "action");
		assertThat(audit.subList(2, audit.size())).isNotEmpty().allSatisfy(r -> assertThat(r.get(3)).isEqualTo("LOGIN_SUCCEEDED"));
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(community.get("/admin/audit/export.xlsx")).isEqualTo(403);

		List<List<String>> fund = rows(admin.bytes("/fund/export.xlsx").body());
		assertThat(fund.get(1)).contains("编号", "险情", "预算（元）");

		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		admin.post("/ratings/recompute", "nodeId=" + city + "&year=" + java.time.LocalDate.now().getYear());
		List<List<String>> ranking = rows(admin.bytes("/ratings/export.xlsx?nodeId=" + city).body());
		assertThat(ranking.get(1)).contains("总分", "星级", "组织建设好（%）");
		long compounds = jdbc.sql("select count(*) from org_node where type = 'COMPOUND'").query(Long.class).single();
		assertThat(ranking).hasSize((int) compounds + 2);
		// best first
		assertThat(Double.parseDouble(ranking.get(2).get(3))).isGreaterThanOrEqualTo(Double.parseDouble(ranking.getLast().get(3)));
	}
}
