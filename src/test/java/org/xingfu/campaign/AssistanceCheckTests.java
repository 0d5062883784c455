package org.xingfu.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * 区域协查 through the API: a spreadsheet imported by the street, its lines routed by address to the grid (an
 * unknown address and a malformed row reported), answered by the grid head, ID numbers masked for the street and
 * shown to the grid, and the lines left open past the deadline escalated to the community once.
 */
@XingfuTest
class AssistanceCheckTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AssistanceChecks checks;

	static byte[] sheet(String[][] rows) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Workbook workbook = new Workbook(out, "test", "1.0");
		Worksheet ws = workbook.newWorksheet("协查");
		String[] headers = { "姓名", "身份证号", "联系电话", "地址" };
		for (int c = 0; c < headers.length; c++) {
			ws.value(0, c, headers[c]);
		}
		for (int r = 0; r < rows.length; r++) {
			for (int c = 0; c < rows[r].length; c++) {
				if (!rows[r][c].isEmpty()) {
					ws.value(r + 1, c, rows[r][c]);
				}
			}
		}
		workbook.finish();
		return out.toByteArray();
	}

	@Test
	void aListRoutedAnsweredAndEscalated() throws Exception {
		ApiClient api = new ApiClient(port);
		String street = api.token("jd.hebei");
		String grid = api.token("wg.nongchang.1");
		long hebei = jdbc.sql("select id from org_node where name = '河北街道'").query(Long.class).single();
		byte[] file = sheet(new String[][] {
				{ "赵协查", "220381199001011234", "13900001111", "财政小区1号楼1单元101" },
				{ "钱协查", "", "", "财政小区 1号楼 1单元 102" },
				{ "孙协查", "", "", "不存在小区9号楼9单元909" },
				{ "李协查", "123", "", "财政小区1号楼1单元103" } });
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("nodeId", String.valueOf(hebei));
		fields.put("name", "外市协查：密接人员核查");
		fields.put("deadline", Instant.now().plus(2, ChronoUnit.DAYS).toString());
		assertThat(api.multipart("/api/v1/assistance-checks", grid, fields, "file", Map.of("list.xlsx", file)).status())
			.as("a grid head does not import for the street").isEqualTo(404);
		ApiClient.Response bad = api.multipart("/api/v1/assistance-checks", street, fields, "file",
				Map.of("list.xlsx", "not a spreadsheet".getBytes()));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains(".xlsx");
		ApiClient.Response imported = api.multipart("/api/v1/assistance-checks", street, fields, "file",
				Map.of("list.xlsx", file));
		assertThat(imported.status()).as(imported.body()).isEqualTo(201);
		assertThat(imported.json().get("routed").asInt()).isEqualTo(2);
		assertThat(imported.json().get("unrouted").asInt()).isEqualTo(1);
		assertThat(imported.json().get("rejected").get(0).asString()).isEqualTo("5");
		long id = imported.json().get("checkId").asLong();

		// the street sees every line with ID numbers masked; the grid sees its own lines in full
		JsonNode streetView = api.get("/api/v1/assistance-checks/" + id, street).json();
		assertThat(streetView.get("items")).hasSize(3);
		assertThat(streetView.toString()).doesNotContain("220381199001011234").doesNotContain("13900001111");
		JsonNode gridView = api.get("/api/v1/assistance-checks/" + id, grid).json();
		assertThat(gridView.get("items")).hasSize(2);
		assertThat(gridView.toString()).contains("220381199001011234");
		// the database holds the ID number sealed (AES-GCM, key outside it: issue 24), never in clear
		assertThat(jdbc.sql("select id_number from cmp_assist_item where check_id = ? and name = '赵协查'").param(id)
			.query(String.class).single()).startsWith("pd1:").doesNotContain("220381199001011234");
		assertThat(jdbc.sql("select count(*) from cmp_assist_item where id_number like '%22038119900101%'")
			.query(Long.class).single()).isZero();
		// and who saw the lines is in the audit log, with how many, not whose
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql("""
				select count(*) from aud_entry where action = 'PERSONAL_DATA_LISTED' and target_type = 'cmp_assist_check'
				   and target_id = ? and actor = 'wg.nongchang.1'""").param(String.valueOf(id)).query(Long.class).single() >= 1);
		assertThat(api.get("/api/v1/assistance-checks/" + id, api.token("jm.caizheng.101")).status()).isEqualTo(404);

		long first = -1;
		for (JsonNode item : gridView.get("items")) {
			if (item.get("name").asString().equals("赵协查")) {
				first = item.get("id").asLong();
			}
		}
		JsonNode answered = api.post("/api/v1/assistance-checks/" + id + "/items/" + first + "/answer", grid,
				ApiClient.json(Map.of("answer", "FOUND", "note", "本人在家，已告知居家观察。"))).json();
		assertThat(answered.get("status").asString()).isEqualTo("FOUND");
		assertThat(api.post("/api/v1/assistance-checks/" + id + "/items/" + first + "/answer", grid,
				ApiClient.json(Map.of("answer", "MOVED"))).status()).isEqualTo(409);

		// past the deadline: the open line goes up to the community, once
		jdbc.sql("update cmp_assist_check set deadline = now() - interval '1 minute' where id = ?").param(id).update();
		assertThat(checks.escalateOverdue(Instant.now())).isEqualTo(1);
		assertThat(checks.escalateOverdue(Instant.now())).isZero();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from ntf_notification n join idn_account a on a.person_id = n.person_id
				 where a.username = 'sq.nongchang' and n.kind = 'ASSISTANCE_OVERDUE' and n.link = ?""")
			.param("/assistance-checks/" + id).query(Integer.class).single() == 1);
		// the community staff the line went up to open the check the notification links to, and see their lines only
		JsonNode communityView = api.get("/api/v1/assistance-checks/" + id, api.token("sq.nongchang")).json();
		assertThat(communityView.get("items")).hasSize(2);
		assertThat(api.get("/api/v1/assistance-checks/" + id, api.token("sq.chaoyang")).status()).isEqualTo(404);
		// a resident whose household is on the list does not see the check
		org.xingfu.PageSession resident = new org.xingfu.PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);
		assertThat(resident.page("/assistance-checks").body()).doesNotContain("密接人员核查");
		assertThat(api.get("/api/v1/assistance-checks/" + id, api.token("jm.caizheng.101")).status()).isEqualTo(404);
	}

	@Test
	void theGridAnswersOnItsPage() throws Exception {
		ApiClient api = new ApiClient(port);
		long hebei = jdbc.sql("select id from org_node where name = '河北街道'").query(Long.class).single();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("nodeId", String.valueOf(hebei));
		fields.put("name", "人口普查漏登核查");
		fields.put("deadline", Instant.now().plus(1, ChronoUnit.DAYS).toString());
		long id = api.multipart("/api/v1/assistance-checks", api.token("jd.hebei"), fields, "file",
				Map.of("list.xlsx", sheet(new String[][] { { "周核查", "", "", "财政小区1号楼2单元201" } }))).json()
			.get("checkId").asLong();
		long item = jdbc.sql("select id from cmp_assist_item where check_id = ?").param(id).query(Long.class).single();
		org.xingfu.PageSession grid = new org.xingfu.PageSession(port);
		grid.login("wg.nongchang.1", ApiClient.PASSWORD);
		assertThat(grid.page("/assistance-checks").body()).contains("人口普查漏登核查");
		assertThat(grid.page("/assistance-checks/" + id).body()).contains("周核查").contains("待反馈");
		assertThat(grid.post("/assistance-checks/" + id + "/items/" + item + "/answer", "answer=MOVED&note="
				+ java.net.URLEncoder.encode("已于上月搬至外地", java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(302);
		assertThat(grid.page("/assistance-checks/" + id).body()).contains("已反馈").contains("已搬离").contains("已于上月搬至外地");
	}
}
