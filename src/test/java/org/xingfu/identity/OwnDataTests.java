package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;

import tools.jackson.databind.JsonNode;

/**
 * Issue 24, part 7 (PIPL): a resident downloads everything the platform holds about them; staff erase a person who
 * moved away, and their past case stays without them.
 */
@XingfuTest
class OwnDataTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	AccountManagement accounts;

	@Test
	void aResidentDownloadsWhatThePlatformHoldsAboutThem() throws Exception {
		ApiClient api = new ApiClient(port);
		String resident = api.token("jm.caizheng.101");
		long filed = api.fileRequest("jm.caizheng.101", "我的数据：楼道灯坏了", "三楼楼道灯不亮。");
		JsonNode data = api.get("/api/v1/me/data", resident).json();
		JsonNode sections = data.get("sections");
		assertThat(sections.get("人员登记").toString()).contains("本人").contains("住户");
		assertThat(sections.get("登录账户").toString()).contains("jm.caizheng.101");
		assertThat(sections.get("我的诉求").toString()).contains("我的数据：楼道灯坏了").contains(String.valueOf(filed));
		assertThat(sections.has("业主表决")).isTrue();
		assertThat(sections.has("消息与提醒")).isTrue();
		// as a spreadsheet from the resident's page, and the download is in the audit log
		PageSession page = new PageSession(port);
		page.login("jm.caizheng.101", ApiClient.PASSWORD);
		assertThat(page.page("/").body()).contains("下载我的数据");
		var sheet = page.bytes("/account/my-data.xlsx");
		assertThat(sheet.statusCode()).isEqualTo(200);
		assertThat(sheet.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'OWN_DATA_DOWNLOADED' and actor = 'jm.caizheng.101'")
			.query(Long.class).single() >= 2);
	}

	@Test
	void staffEraseAPersonWhoMovedAwayAndTheirCaseStaysWithoutThem() {
		long person = jdbc.sql("""
				select p.id from org_person p join org_residency r on r.person_id = p.id
				  join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where name = '财政小区') || '%' and p.phone is not null
				   and not exists (select 1 from idn_account a where a.person_id = p.id)
				 order by p.id desc offset 60 limit 1""").query(Long.class).single();
		String phone = jdbc.sql("select phone from org_person where id = ?").param(person).query(String.class).single();
		var opened = accounts.openAccount(TestActors.of(jdbc, directory, "sq.nongchang"), person, "moving." + person);
		ApiClient api = new ApiClient(port);
		assertThat(api.post("/api/v1/auth/password", null, ApiClient.json(Map.of("username", opened.username(),
				"currentPassword", opened.initialPassword(), "newPassword", "搬家之前最后一次登录"))).status()).isEqualTo(204);
		String token = api.token(opened.username(), "搬家之前最后一次登录");
		ApiClient.Response made = api.post("/api/v1/requests", token, ApiClient.json(Map.of("category", "PROPERTY_REPAIR",
				"title", "搬走前的诉求", "description", "单元门关不上。", "urgency", "GENERAL")));
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		long filed = made.json().get("id").asLong();
		String staff = api.token("sq.nongchang");

		assertThat(api.post("/api/v1/people/" + person + "/erase", api.token("sq.chaoyang"), "{\"reason\":\"搬走\"}")
			.status()).isEqualTo(404);
		assertThat(api.post("/api/v1/people/" + person + "/erase", staff, "{\"reason\":\"\"}").status()).isEqualTo(400);
		assertThat(api.post("/api/v1/people/" + person + "/erase", staff, "{\"reason\":\"已搬往长春\"}").status())
			.isEqualTo(204);

		// the register forgets who it was; the account and its token are gone
		assertThat(jdbc.sql("select name || '|' || coalesce(phone, '-') from org_person where id = ?").param(person)
			.query(String.class).single()).isEqualTo("已注销居民|-");
		assertThat(jdbc.sql("select count(*) from org_residency where person_id = ?").param(person).query(Long.class)
			.single()).isZero();
		assertThat(jdbc.sql("select count(*) from idn_account where person_id = ?").param(person).query(Long.class)
			.single()).isZero();
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
		// the case stays, for the compound's history and figures, without their name, phone or account name
		assertThat(jdbc.sql("""
				select count(*) from req_request where id = ? and resident_person_id = ? and resident_name is null
				   and resident_phone is null and submitted_by = ?""").params(filed, person, "erased-" + person)
			.query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from req_request where resident_phone = ? or submitted_by = ?")
			.params(phone, opened.username()).query(Long.class).single()).isZero();
		assertThat(api.post("/api/v1/people/" + person + "/erase", staff, "{\"reason\":\"再次\"}").status())
			.isEqualTo(409);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'PERSON_ERASED' and target_id = ? and detail = '已搬往长春'")
			.param(String.valueOf(person)).query(Long.class).single() == 1);
	}
}
