package org.xingfu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * A resident chooses SMS alerts with quiet hours on the settings page; a notice in their compound reaches their
 * inbox at once and their phone after the quiet hours (through the log-only adapter here, as no gateway is
 * configured). Owners hear of a ballot, and a beneficiary of a volunteer taking on their wish.
 */
@XingfuTest
class NotificationChannelTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Deliveries deliveries;

	@Test
	void aNoticeReachesTheInboxAtOnceAndTheSmsAfterTheQuietHours() {
		long person = jdbc.sql("select person_id from idn_account where username = 'jm.caizheng.101'").query(Long.class)
			.single();
		String phone = jdbc.sql("select phone from org_person where id = ?").param(person).query(String.class).single();
		PageSession resident = new PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);

		// bad input comes back on the form, and nothing is saved
		HttpResponse<String> half = resident.postPage("/notifications/settings", "sms=true&quietFrom=22:00&quietTo=");
		assertThat(half.statusCode()).isEqualTo(200);
		assertThat(half.body()).contains("免打扰时段要同时填写开始和结束时间");
		assertThat(resident.postPage("/notifications/settings", "sms=true&quietFrom=25:00&quietTo=07:00").body())
			.contains("时间格式不对");
		assertThat(resident.postPage("/notifications/settings", "wechat=true").body()).contains("尚未绑定微信");
		assertThat(jdbc.sql("select count(*) from ntf_preference where person_id = ?").param(person).query(Long.class)
			.single()).isZero();

		// quiet from an hour ago to an hour from now
		LocalTime now = LocalTime.now(CHINA).withSecond(0).withNano(0);
		LocalTime from = now.minusHours(1);
		LocalTime to = now.plusHours(1);
		assertThat(resident.post("/notifications/settings", "sms=true&quietFrom=" + from + "&quietTo=" + to))
			.isEqualTo(302);
		String settings = resident.page("/notifications/settings").body();
		assertThat(settings).contains(phone.substring(0, 3) + "****" + phone.substring(7)).doesNotContain(phone);

		ApiClient api = new ApiClient(port);
		String own = api.token("jm.caizheng.101");
		JsonNode chosen = api.get("/api/v1/notifications/preferences", own).json();
		assertThat(chosen.get("sms").asBoolean()).isTrue();
		assertThat(chosen.get("quietFrom").asString()).startsWith(from.toString());
		ApiClient.Response refused = api.request("PUT", "/api/v1/notifications/preferences", own, "application/json",
				"{\"sms\":true,\"wechat\":false,\"quietFrom\":\"22:00\"}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).contains("problem+json");

		// a notice in the compound
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		ApiClient.Response notice = api.post("/api/v1/notices", api.token("sq.nongchang"), ApiClient.json(Map.of(
				"nodeId", compound, "scope", "COMPOUND", "type", "RESIDENTS", "title", "提醒测试：周三停水", "body",
				"管道维修，周三上午停水。", "endsAt", Instant.now().plus(Duration.ofDays(3)).toString())));
		assertThat(notice.status()).as(notice.body()).isEqualTo(201);
		String link = "/notices/" + notice.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from ntf_notification where person_id = ? and kind = 'NOTICE_POSTED' and link = ?""")
			.params(person, link).query(Long.class).single() == 1);
		assertThat(api.get("/api/v1/notifications", own).body()).contains("提醒测试：周三停水");

		record Delivery(long id, String channel, Instant due, Timestamp sent, String adapter) {
		}
		Delivery queued = jdbc.sql("""
				select d.id, d.channel, d.due_at, d.sent_at, d.adapter from ntf_delivery d
				  join ntf_notification n on n.id = d.notification_id where n.person_id = ? and n.link = ?""")
			.params(person, link)
			.query((rs, i) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4), rs.getString(5)))
			.single();
		assertThat(queued.channel()).isEqualTo("SMS");
		ZonedDateTime end = LocalDate.now(CHINA).atTime(to).atZone(CHINA);
		if (!end.toInstant().isAfter(Instant.now())) {
			end = end.plusDays(1);
		}
		assertThat(queued.due()).isEqualTo(end.toInstant());

		deliveries.sendDue(Instant.now());
		assertThat(sentAt(queued.id())).as("held during the quiet hours").isNull();
		deliveries.sendDue(queued.due());
		assertThat(sentAt(queued.id())).isNotNull();
		assertThat(jdbc.sql("select adapter from ntf_delivery where id = ?").param(queued.id()).query(String.class)
			.single()).isEqualTo("log-only");

		// switched off: the next notice reaches the inbox only
		assertThat(resident.post("/notifications/settings", "quietFrom=&quietTo=")).isEqualTo(302);
		assertThat(api.get("/api/v1/notifications/preferences", own).json().get("sms").asBoolean()).isFalse();
	}

	private Timestamp sentAt(long delivery) {
		return jdbc.sql("select sent_at from ntf_delivery where id = ?").param(delivery)
			.query((rs, i) -> rs.getTimestamp(1)).list().getFirst();
	}

	@Test
	void theFirstRespondersOwnersAndABeneficiaryHearOfWhatConcernsThem() {
		ApiClient api = new ApiClient(port);
		String staff = api.token("sq.nongchang");
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		String path = jdbc.sql("select path from org_node where id = ?").param(compound).query(String.class).single();
		List<Long> ownersWithAccounts = jdbc.sql("""
				select distinct r.person_id from org_residency r join org_node h on h.id = r.household_id
				  join idn_account a on a.person_id = r.person_id
				 where h.path like ? || '%' and r.relation = 'OWNER'""").param(path).query(Long.class).list();
		assertThat(ownersWithAccounts).isNotEmpty();
		long building = jdbc.sql("select id from org_node where parent_id = ? order by id limit 1").param(compound)
			.query(Long.class).single();
		Instant now = Instant.now();
		ApiClient.Response ballot = api.post("/api/v1/ballots", staff, ApiClient.json(Map.of("compoundId", compound,
				"buildingIds", List.of(building), "matter", "OTHER", "question", "提醒测试：是否增设快递柜？",
				"opensAt", now.toString(), "closesAt", now.plus(Duration.ofDays(7)).toString())));
		assertThat(ballot.status()).as(ballot.body()).isEqualTo(201);
		String link = "/ballots/" + ballot.json().get("id").asLong();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(distinct person_id) from ntf_notification where kind = 'BALLOT_OPENED' and link = ?""")
			.param(link).query(Long.class).single() == ownersWithAccounts.size());

		// a new case: the 三长 and the first secretary of the place and the grid hear of it, staff elsewhere do not
		ApiClient.Response filed = api.post("/api/v1/requests", api.token("jm.caizheng.101"), ApiClient.json(Map.of(
				"category", "SANITATION", "title", "提醒测试：垃圾桶满了", "description", "单元门口垃圾桶两天没清。",
				"urgency", "GENERAL")));
		assertThat(filed.status()).as(filed.body()).isEqualTo(201);
		String caseLink = "/admin/requests/" + filed.json().get("id").asLong();
		String homePath = jdbc.sql("""
				select n.path from idn_account a join org_residency r on r.person_id = a.person_id
				  join org_node n on n.id = r.household_id where a.username = 'jm.caizheng.101' order by r.id limit 1""")
			.query(String.class).single();
		String[] ids = homePath.substring(1).split("/");
		List<Long> expected = jdbc.sql("""
				select distinct person_id from org_role_assignment
				 where role in ('GRID_HEAD', 'GRID_WORKER', 'BUILDING_HEAD', 'UNIT_HEAD', 'FIRST_SECRETARY')
				   and (node_id in (?, ?, ?) or grid_id in (select grid_id from org_grid_building where building_id = ?))
				 order by person_id""")
			.params(Long.parseLong(ids[3]), Long.parseLong(ids[4]), Long.parseLong(ids[5]), Long.parseLong(ids[4]))
			.query(Long.class).list();
		assertThat(expected).isNotEmpty();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select person_id from ntf_notification where kind = 'REQUEST_NEW' and link = ? order by person_id""")
			.param(caseLink).query(Long.class).list().equals(expected));
		assertThat(api.get("/api/v1/notifications", api.token("wg.nongchang.1")).body()).contains("提醒测试：垃圾桶满了");

		// a wish for jm.caizheng.101, taken on by a volunteer
		record Home(long household, long person) {
		}
		Home home = jdbc.sql("""
				select r.household_id, a.person_id from idn_account a join org_residency r on r.person_id = a.person_id
				 where a.username = 'jm.caizheng.101' order by r.id limit 1""")
			.query((rs, i) -> new Home(rs.getLong(1), rs.getLong(2))).single();
		ApiClient.Response wish = api.post("/api/v1/wishes", staff, ApiClient.json(Map.of("householdId",
				home.household(), "beneficiaryPersonId", home.person(), "title", "提醒测试：一个暖水袋", "description",
				"冬天脚冷。", "valueYuan", "20")));
		assertThat(wish.status()).as(wish.body()).isEqualTo(201);
		long wishId = wish.json().get("id").asLong();
		assertThat(api.post("/api/v1/wishes/" + wishId + "/verify", staff, "{}").status()).isEqualTo(200);
		assertThat(api.post("/api/v1/wishes/" + wishId + "/claim", api.token("zy.001"), "{}").status()).isEqualTo(200);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from ntf_notification where person_id = ? and kind = 'WISH_CLAIMED' and link = ?""")
			.params(home.person(), "/wishes/" + wishId).query(Long.class).single() == 1);
	}
}
