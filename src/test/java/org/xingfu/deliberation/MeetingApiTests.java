package org.xingfu.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * A consultation meeting through the API: convened with an agenda topic and a committee of three, QR check-in
 * (once, only with the code, only by people of the compound), the decision by more than half of all members,
 * follow-up actions, the public result as a notice, and residents' review.
 */
@XingfuTest
class MeetingApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aMeetingFromAgendaToPublicResultAndReview() {
		ApiClient api = new ApiClient(port);
		String staff = api.token("sq.nongchang");
		String resident = api.token("jm.caizheng.101");
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long residentPerson = jdbc.sql("select person_id from idn_account where username = 'jm.caizheng.101'")
			.query(Long.class).single();
		List<Long> others = jdbc.sql("""
				select distinct r.person_id from org_residency r join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where name = '财政小区') || '%' and r.person_id <> ?
				 order by r.person_id limit 2""").param(residentPerson).query(Long.class).list();
		List<Long> committee = List.of(residentPerson, others.get(0), others.get(1));

		// a topic on the agenda, accepted by the committee
		ApiClient.Response topic = api.post("/api/v1/topics", resident,
				ApiClient.json(Map.of("title", "增设电动车充电桩", "description", "楼道里充电有火灾隐患。")));
		long topicId = topic.json().get("id").asLong();
		assertThat(api.post("/api/v1/topics/" + topicId + "/accept", staff, "{}").status()).isEqualTo(200);

		Map<String, Object> body = new LinkedHashMap<>();
		body.put("compoundId", compound);
		body.put("title", "财政小区居民议事会（十一月）");
		body.put("place", "社区党群服务中心二楼");
		body.put("startsAt", Instant.now().plus(30, ChronoUnit.MINUTES).toString());
		body.put("topicIds", List.of(topicId));
		body.put("committee", committee);
		// a resident may not convene; another community's staff do not see the compound; a proposed topic is refused
		assertThat(api.post("/api/v1/meetings", resident, ApiClient.json(body)).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/meetings", api.token("sq.chaoyang"), ApiClient.json(body)).status()).isEqualTo(404);
		Map<String, Object> noCommittee = new LinkedHashMap<>(body);
		noCommittee.put("committee", List.of());
		assertThat(api.post("/api/v1/meetings", staff, ApiClient.json(noCommittee)).status()).isEqualTo(400);

		ApiClient.Response convened = api.post("/api/v1/meetings", staff, ApiClient.json(body));
		assertThat(convened.status()).as(convened.body()).isEqualTo(201);
		long id = convened.json().get("meeting").get("id").asLong();
		String token = convened.json().get("meeting").get("checkinToken").asString();
		assertThat(token).hasSize(24);
		assertThat(convened.json().get("agenda").get(0).get("title").asString()).isEqualTo("增设电动车充电桩");
		// the code the QR carries is shown to organisers only
		assertThat(api.get("/api/v1/meetings/" + id, resident).json().get("meeting").get("checkinToken").isNull()).isTrue();
		assertThat(api.get("/api/v1/meetings/" + id, api.token("jm.xinmin.101")).status()).isEqualTo(404);

		// check-in: a wrong code is refused; the right one counts once however often it is scanned
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", resident, ApiClient.json(Map.of("token", "nope"))).status())
			.isEqualTo(400);
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", resident, ApiClient.json(Map.of("token", token))).status())
			.isEqualTo(200);
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", resident, ApiClient.json(Map.of("token", token))).status())
			.isEqualTo(200);
		// someone from another community cannot check in even with the code; staff mark a member present from the list
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", api.token("jm.xinmin.101"),
				ApiClient.json(Map.of("token", token))).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", resident,
				ApiClient.json(Map.of("personId", others.get(0)))).status()).isEqualTo(403);
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", staff,
				ApiClient.json(Map.of("personId", others.get(0)))).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/meetings/" + id, staff).json().get("attendance").asInt()).isEqualTo(2);

		// actions wait for the decision; the show of hands cannot count more members than are present (2 of 3)
		assertThat(api.post("/api/v1/meetings/" + id + "/actions", staff, ApiClient.json(Map.of("description", "x",
				"owner", "y", "dueDate", LocalDate.now().plusDays(7).toString()))).status()).isEqualTo(409);
		assertThat(api.post("/api/v1/meetings/" + id + "/decision", staff, ApiClient.json(decision(2, 1, 0))).status())
			.isEqualTo(400);
		assertThat(api.post("/api/v1/meetings/" + id + "/decision", staff, ApiClient.json(decision(-1, 0, 0))).status())
			.isEqualTo(400);
		// 2 for of 3 members: more than half of all members, passed
		ApiClient.Response decided = api.post("/api/v1/meetings/" + id + "/decision", staff, ApiClient.json(decision(2, 0, 0)));
		assertThat(decided.status()).as(decided.body()).isEqualTo(200);
		assertThat(decided.json().get("meeting").get("passed").asBoolean()).isTrue();
		assertThat(decided.json().get("meeting").get("committeeSize").asInt()).isEqualTo(3);
		assertThat(api.post("/api/v1/meetings/" + id + "/decision", staff, ApiClient.json(decision(0, 2, 0))).status())
			.isEqualTo(409);
		assertThat(api.post("/api/v1/meetings/" + id + "/checkin", resident, ApiClient.json(Map.of("token", token))).status())
			.isEqualTo(409);
		assertThat(api.get("/api/v1/topics/" + topicId, resident).json().get("status").asString()).isEqualTo("DECIDED");

		ApiClient.Response action = api.post("/api/v1/meetings/" + id + "/actions", staff, ApiClient.json(Map.of(
				"description", "在 3 号楼北侧安装 10 个充电桩", "owner", "国信物业", "dueDate", LocalDate.now().plusDays(30).toString())));
		assertThat(action.status()).as(action.body()).isEqualTo(201);
		// residents review only once the result is public
		assertThat(api.post("/api/v1/meetings/" + id + "/reviews", resident, ApiClient.json(Map.of("rating", "SATISFIED")))
			.status()).isEqualTo(409);

		ApiClient.Response published = api.post("/api/v1/meetings/" + id + "/publish", staff, "{}");
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		long notice = published.json().get("noticeId").asLong();
		JsonNode posted = api.get("/api/v1/public/notices/" + notice, null).json();
		assertThat(posted.get("title").asString()).isEqualTo("议事会结果公示：财政小区居民议事会（十一月）");
		assertThat(posted.get("body").asString()).contains("增设电动车充电桩").contains("赞成 2，反对 0，弃权 0")
			.contains("议事会成员共 3 人").contains("结果：通过").contains("国信物业");
		// publishing again returns the same notice
		assertThat(api.post("/api/v1/meetings/" + id + "/publish", staff, "{}").json().get("noticeId").asLong()).isEqualTo(notice);

		assertThat(api.post("/api/v1/meetings/" + id + "/reviews", resident, ApiClient.json(Map.of("rating", "GREAT")))
			.status()).isEqualTo(400);
		assertThat(api.post("/api/v1/meetings/" + id + "/reviews", staff, ApiClient.json(Map.of("rating", "SATISFIED")))
			.status()).isEqualTo(403);
		assertThat(api.post("/api/v1/meetings/" + id + "/reviews", resident, ApiClient.json(Map.of("rating", "BASIC")))
			.status()).isEqualTo(200);
		JsonNode summary = api.post("/api/v1/meetings/" + id + "/reviews", resident,
				ApiClient.json(Map.of("rating", "SATISFIED", "comment", "充电桩装好了"))).json();
		assertThat(summary.get("satisfied").asInt()).isEqualTo(1);
		assertThat(summary.get("basic").asInt()).isZero();
		long actionId = jdbc.sql("select id from dlb_action where meeting_id = ?").param(id).query(Long.class).single();
		assertThat(api.post("/api/v1/meetings/" + id + "/actions/" + actionId + "/done", staff,
				ApiClient.json(Map.of("note", "已安装并验收"))).status()).isEqualTo(200);
		assertThat(api.post("/api/v1/meetings/" + id + "/actions/" + actionId + "/done", staff, "{}").status()).isEqualTo(409);
	}

	@Test
	void aDecisionPassesWithMoreThanHalfOfAllMembersNotOfThosePresent() {
		// exactly half is not more than half; absent members count against
		assertThat(Meetings.passes(2, 4)).isFalse();
		assertThat(Meetings.passes(3, 4)).isTrue();
		assertThat(Meetings.passes(3, 5)).isTrue();
		assertThat(Meetings.passes(2, 5)).isFalse();
		assertThat(Meetings.passes(4, 7)).isTrue();
		assertThat(Meetings.passes(0, 0)).isFalse();
		for (int members = 1; members <= 60; members++) {
			for (int votes = 0; votes <= members; votes++) {
				assertThat(Meetings.passes(votes, members)).as(votes + "/" + members)
					.isEqualTo(new java.math.BigDecimal(votes).divide(new java.math.BigDecimal(members), 10,
							java.math.RoundingMode.HALF_EVEN).compareTo(new java.math.BigDecimal("0.5")) > 0);
			}
		}
	}

	static Map<String, Object> decision(int votesFor, int against, int abstain) {
		return Map.of("minutes", "到会成员讨论了充电桩的位置和费用分担。", "decision", "同意在 3 号楼北侧安装充电桩，费用由使用者承担。",
				"votesFor", votesFor, "votesAgainst", against, "votesAbstain", abstain);
	}
}
