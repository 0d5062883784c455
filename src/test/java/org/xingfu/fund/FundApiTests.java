package org.xingfu.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;
import org.xingfu.request.WorkingDays;

import tools.jackson.databind.JsonNode;

/**
 * Emergency use of the maintenance fund through the API, against PostgreSQL: filing with the checks on buildings,
 * budget and roles; confirmation and approval deadlines in working days; completion that shares the cost to the
 * cent, pays it from the building's balance and posts the notice; owners seeing their own share; silence meaning
 * approval; the pre-notice holding approval back; a cost over a building's balance refused with nothing changed.
 */
@XingfuTest
class FundApiTests {

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R' };

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FundApplications applications;

	@Autowired
	WorkingDays workingDays;

	long compound() {
		return jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
	}

	long building(long compound, String name) {
		return jdbc.sql("select id from org_node where parent_id = ? and name = ?").params(compound, name)
			.query(Long.class).single();
	}

	long balance(long building) {
		return jdbc.sql("select coalesce(sum(amount_cents), 0) from fund_ledger where building_id = ?").param(building)
			.query(Long.class).single();
	}

	int count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
	}

	/** Waits for the notification the module listener sends after the commit. */
	void awaitNotification(String username, String kind, long applicationId) {
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from ntf_notification n join idn_account a on a.person_id = n.person_id
				 where a.username = ? and n.kind = ? and n.link = ?""")
			.params(username, kind, "/fund/applications/" + applicationId).query(Integer.class).single() == 1);
	}

	static Map<String, Object> application(long compound, List<Long> buildings, long budgetCents) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("compoundId", compound);
		body.put("hazard", "ELEVATOR");
		body.put("buildingIds", buildings);
		body.put("scope", "1号楼1单元电梯曳引机钢丝绳断股，市场监管部门已下达停用通知。");
		body.put("plan", "更换曳引钢丝绳及导向轮，检测合格后恢复运行。");
		body.put("budgetCents", budgetCents);
		body.put("contractor", "公主岭市安达电梯维修有限公司");
		return body;
	}

	@Test
	void anEmergencyFromFilingToEveryHouseholdsShare() {
		ApiClient api = new ApiClient(port);
		String property = api.token("wy.guoxin");
		String community = api.token("sq.nongchang");
		String street = api.token("jd.hebei");
		String owner = api.token("jm.caizheng.101");
		long compound = compound();
		long b1 = building(compound, "1号楼");
		long before = balance(b1);
		assertThat(before).as("the demo's first collection").isPositive();

		// bad input changes nothing
		int applicationsBefore = count("fund_application");
		long otherCompoundBuilding = jdbc.sql("""
				select b.id from org_node b join org_node c on c.id = b.parent_id
				 where b.type = 'BUILDING' and c.name <> '财政小区' order by b.id limit 1""").query(Long.class).single();
		ApiClient.Response outside = api.post("/api/v1/fund/applications", property,
				ApiClient.json(application(compound, List.of(otherCompoundBuilding), 100_00)));
		assertThat(outside.status()).isEqualTo(400);
		assertThat(outside.contentType()).contains("problem+json");
		assertThat(outside.body()).contains("buildingIds");
		ApiClient.Response over = api.post("/api/v1/fund/applications", property,
				ApiClient.json(application(compound, List.of(b1), before + 1)));
		assertThat(over.status()).isEqualTo(400);
		assertThat(over.body()).contains("余额");
		assertThat(api.post("/api/v1/fund/applications", property, ApiClient.json(application(compound, List.of(b1), 0)))
			.status()).isEqualTo(400);
		assertThat(api.post("/api/v1/fund/applications", property, ApiClient.json(application(compound, List.of(b1), -5)))
			.status()).isEqualTo(400);
		// an owner may read the compound's fund but not apply; another community's staff do not see the compound
		assertThat(api.post("/api/v1/fund/applications", owner, ApiClient.json(application(compound, List.of(b1), 100_00)))
			.status()).isEqualTo(403);
		assertThat(api.post("/api/v1/fund/applications", api.token("sq.chaoyang"),
				ApiClient.json(application(compound, List.of(b1), 100_00))).status()).isEqualTo(404);
		// a normal use needs a passed owners' vote
		Map<String, Object> normal = application(compound, List.of(b1), 100_00);
		normal.put("kind", "NORMAL");
		assertThat(api.post("/api/v1/fund/applications", property, ApiClient.json(normal)).body()).contains("ballotId");
		assertThat(count("fund_application")).isEqualTo(applicationsBefore);

		ApiClient.Response filed = api.post("/api/v1/fund/applications", property,
				ApiClient.json(application(compound, List.of(b1), 1_280_000)));
		assertThat(filed.status()).as(filed.body()).isEqualTo(201);
		JsonNode a = filed.json().get("application");
		long id = a.get("id").asLong();
		assertThat(a.get("status").asString()).isEqualTo("FILED");
		Instant filedAt = Instant.parse(a.get("filedAt").asString());
		assertThat(Instant.parse(a.get("confirmBy").asString())).isEqualTo(workingDays.add(filedAt, 2));
		awaitNotification("sq.nongchang", "FUND_CONFIRM_NEEDED", id);
		awaitNotification("jd.hebei", "FUND_CONFIRM_NEEDED", id);
		assertThat(api.upload("/api/v1/fund/applications/" + id + "/evidence", property, "lift.png", PNG).status())
			.isEqualTo(201);
		assertThat(api.get("/api/v1/fund/applications/" + id, owner).json().get("evidence")).hasSize(1);
		assertThat(api.get("/api/v1/fund/applications/" + id, api.token("jm.xinmin.101")).status()).isEqualTo(404);

		// steps out of order or by the wrong role
		ApiClient.Response early = api.post("/api/v1/fund/applications/" + id + "/complete", property,
				ApiClient.json(Map.of("actualCostCents", 1_000_00)));
		assertThat(early.status()).isEqualTo(409);
		assertThat(api.post("/api/v1/fund/applications/" + id + "/approve", street, "{}").status()).isEqualTo(409);
		assertThat(api.post("/api/v1/fund/applications/" + id + "/confirm", property, "{}").status()).isEqualTo(403);

		ApiClient.Response confirmed = api.post("/api/v1/fund/applications/" + id + "/confirm", community,
				ApiClient.json(Map.of("note", "现场查看属实，电梯已停用。")));
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		JsonNode c = confirmed.json().get("application");
		assertThat(c.get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(Instant.parse(c.get("approveBy").asString()))
			.isEqualTo(workingDays.add(Instant.parse(c.get("confirmedAt").asString()), 5));
		awaitNotification("jd.hebei", "FUND_APPROVAL_NEEDED", id);
		assertThat(api.post("/api/v1/fund/applications/" + id + "/approve", community, "{}").status()).isEqualTo(403);
		assertThat(api.post("/api/v1/fund/applications/" + id + "/approve", api.token("jd.lingdong"), "{}").status())
			.isEqualTo(404);
		assertThat(api.post("/api/v1/fund/applications/" + id + "/approve", street, "{}").json().get("application")
			.get("status").asString()).isEqualTo("APPROVED");

		awaitNotification("wy.guoxin", "FUND_APPROVED", id);
		// a zero or negative cost is refused
		assertThat(api.post("/api/v1/fund/applications/" + id + "/complete", property,
				ApiClient.json(Map.of("actualCostCents", 0))).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/fund/applications/" + id + "/complete", property,
				ApiClient.json(Map.of("actualCostCents", -100))).status()).isEqualTo(400);
		long cost = 1_234_567; // 12,345.67 yuan
		ApiClient.Response done = api.post("/api/v1/fund/applications/" + id + "/complete", property,
				ApiClient.json(Map.of("actualCostCents", cost, "note", "检测合格，已恢复运行。")));
		assertThat(done.status()).as(done.body()).isEqualTo(200);
		assertThat(done.json().get("application").get("status").asString()).isEqualTo("COMPLETED");
		assertThat(api.post("/api/v1/fund/applications/" + id + "/complete", property,
				ApiClient.json(Map.of("actualCostCents", cost))).status()).as("twice").isEqualTo(409);

		// every household of building 1 pays by area; the shares add up to the cost; the building paid it
		JsonNode shares = api.get("/api/v1/fund/applications/" + id + "/shares", community).json();
		int households = jdbc.sql("select count(*) from org_node where type = 'HOUSEHOLD' and path like ?")
			.param(jdbc.sql("select path from org_node where id = ?").param(b1).query(String.class).single() + "%")
			.query(Integer.class).single();
		assertThat(shares).hasSize(households);
		long sum = 0;
		for (JsonNode s : shares) {
			assertThat(s.get("shareCents").asLong()).isNotNegative();
			sum += s.get("shareCents").asLong();
		}
		assertThat(sum).isEqualTo(cost);
		assertThat(balance(b1)).isEqualTo(before - cost);

		// the owner sees the same list with their own flat marked
		JsonNode mine = api.get("/api/v1/fund/applications/" + id + "/shares", owner).json();
		List<JsonNode> own = new java.util.ArrayList<>();
		mine.forEach(s -> {
			if (s.get("mine").asBoolean()) {
				own.add(s);
			}
		});
		assertThat(own).hasSize(1);
		long ownHousehold = jdbc.sql("""
				select r.household_id from org_residency r join idn_account a on a.person_id = r.person_id
				 where a.username = 'jm.caizheng.101' and r.relation = 'OWNER'""").query(Long.class).single();
		assertThat(own.getFirst().get("householdId").asLong()).isEqualTo(ownHousehold);
		awaitNotification("jm.caizheng.101", "FUND_SHARE_POSTED", id);
		assertThat(jdbc.sql("select count(distinct person_id) from ntf_notification where kind = 'FUND_SHARE_POSTED' and link = ?")
			.param("/fund/applications/" + id).query(Integer.class).single()).as("every owner of building 1")
			.isGreaterThanOrEqualTo(households / 2);

		// the post-use notice lists the total and the shares, for the compound, for at least 10 days
		long notice = done.json().get("application").get("noticeId").asLong();
		Map<String, Object> n = jdbc.sql("select scope, type, body, ends_at, starts_at, source from ntc_notice where id = ?")
			.param(notice).query().singleRow();
		assertThat(n.get("scope")).isEqualTo("COMPOUND");
		assertThat(n.get("type")).isEqualTo("FUND");
		assertThat(n.get("source")).isEqualTo("fund:" + id);
		assertThat((String) n.get("body")).contains("12,345.67").contains(own.getFirst().get("address").asString());
		assertThat(((String) n.get("body")).lines().filter(l -> l.endsWith(" 元") && l.contains("m²")).count())
			.isEqualTo(households);
		assertThat(((java.sql.Timestamp) n.get("ends_at")).toInstant())
			.isAfterOrEqualTo(((java.sql.Timestamp) n.get("starts_at")).toInstant().plus(10, ChronoUnit.DAYS));
		assertThat(api.get("/api/v1/notices/" + notice, owner).status()).isEqualTo(200);

		// the account shows the spending
		JsonNode account = api.get("/api/v1/fund/accounts/" + compound, owner).json();
		assertThat(account.get("ledger").get(0).get("amountCents").asLong()).isEqualTo(-cost);
		assertThat(api.get("/api/v1/fund/accounts/" + compound, api.token("jm.xinmin.101")).status()).isEqualTo(404);
	}

	@Test
	void theStreetsSilencePastTheLimitMeansApproval() {
		ApiClient api = new ApiClient(port);
		long compound = compound();
		long b3 = building(compound, "1号楼");
		long id = api.post("/api/v1/fund/applications", api.token("sj.caizheng"),
				ApiClient.json(application(compound, List.of(b3), 50_000))).json().get("application").get("id").asLong();
		api.post("/api/v1/fund/applications/" + id + "/confirm", api.token("sq.nongchang"), "{}");
		assertThat(applications.approveSilent(Instant.now())).as("not yet due").isZero();
		jdbc.sql("update fund_application set approve_by = now() - interval '1 minute' where id = ?").param(id).update();
		assertThat(api.get("/api/v1/fund/applications/" + id, api.token("jd.hebei")).json().get("overdue").asString())
			.isEqualTo("APPROVE");
		assertThat(applications.approveSilent(Instant.now())).isEqualTo(1);
		assertThat(applications.approveSilent(Instant.now())).as("once only").isZero();
		JsonNode a = api.get("/api/v1/fund/applications/" + id, api.token("jd.hebei")).json().get("application");
		assertThat(a.get("status").asString()).isEqualTo("APPROVED");
		assertThat(a.get("approvedBySilence").asBoolean()).isTrue();
		assertThat(a.get("approvedBy").isNull()).isTrue();
	}

	@Test
	void aPreNoticeHoldsApprovalBackUntilItHasRun() {
		ApiClient api = new ApiClient(port);
		long compound = compound();
		Map<String, Object> body = application(compound, List.of(building(compound, "1号楼")), 80_000);
		body.put("hazard", "ROOF_LEAK");
		body.put("preNotice", true);
		JsonNode a = api.post("/api/v1/fund/applications", api.token("wy.guoxin"), ApiClient.json(body)).json()
			.get("application");
		long id = a.get("id").asLong();
		assertThat(a.get("preNoticeId").isNull()).isFalse();
		assertThat(jdbc.sql("select title from ntc_notice where id = ?").param(a.get("preNoticeId").asLong())
			.query(String.class).single()).contains("财政小区").contains("屋面渗漏");
		api.post("/api/v1/fund/applications/" + id + "/confirm", api.token("sq.nongchang"), "{}");
		ApiClient.Response early = api.post("/api/v1/fund/applications/" + id + "/approve", api.token("jd.hebei"), "{}");
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.body()).contains("先行公示");
		// nor does silence approve it while the pre-notice runs
		jdbc.sql("update fund_application set approve_by = now() - interval '1 minute' where id = ?").param(id).update();
		applications.approveSilent(Instant.now());
		assertThat(jdbc.sql("select status from fund_application where id = ?").param(id).query(String.class).single())
			.isEqualTo("CONFIRMED");
		ApiClient.Response rejected = api.post("/api/v1/fund/applications/" + id + "/reject", api.token("jd.hebei"),
				ApiClient.json(Map.of("reason", "屋面属开发商保修期内，由开发商维修。")));
		assertThat(rejected.json().get("application").get("status").asString()).isEqualTo("REJECTED");
	}

	@Test
	void aCostOverTheBuildingsBalanceIsRefusedAndNothingChanges() {
		ApiClient api = new ApiClient(port);
		String property = api.token("wy.guoxin");
		long compound = compound();
		long b4 = jdbc.sql("select max(id) from org_node where parent_id = ? and type = 'BUILDING'").param(compound)
			.query(Long.class).single();
		String name = jdbc.sql("select name from org_node where id = ?").param(b4).query(String.class).single();
		long balance = balance(b4);
		long id = api.post("/api/v1/fund/applications", property,
				ApiClient.json(application(compound, List.of(b4), balance))).json().get("application").get("id").asLong();
		api.post("/api/v1/fund/applications/" + id + "/confirm", api.token("sq.nongchang"), "{}");
		api.post("/api/v1/fund/applications/" + id + "/approve", api.token("jd.hebei"), "{}");
		Map<String, Integer> counts = new HashMap<>();
		for (String t : List.of("fund_share", "fund_ledger", "ntc_notice")) {
			counts.put(t, count(t));
		}
		ApiClient.Response over = api.post("/api/v1/fund/applications/" + id + "/complete", property,
				ApiClient.json(Map.of("actualCostCents", balance + 1)));
		assertThat(over.status()).isEqualTo(409);
		assertThat(over.body()).contains(name).contains("余额");
		for (String t : counts.keySet()) {
			assertThat(count(t)).as(t).isEqualTo(counts.get(t));
		}
		assertThat(jdbc.sql("select status from fund_application where id = ?").param(id).query(String.class).single())
			.isEqualTo("APPROVED");
		assertThat(balance(b4)).isEqualTo(balance);
	}

	@Test
	void deadlinesCountTheWorkingDaysOfTheCalendar() {
		java.time.ZoneId china = java.time.ZoneId.of("Asia/Shanghai");
		// filed on Wednesday 30 September 2026: 1–7 October are the National Day holiday, Saturday 10 October a
		// make-up working day
		Instant filed = java.time.ZonedDateTime.of(2026, 9, 30, 10, 0, 0, 0, china).toInstant();
		assertThat(workingDays.add(filed, 2)).as("confirmation: Thursday 8 and Friday 9 October")
			.isEqualTo(java.time.ZonedDateTime.of(2026, 10, 10, 0, 0, 0, 0, china).toInstant());
		Instant confirmed = java.time.ZonedDateTime.of(2026, 10, 9, 16, 0, 0, 0, china).toInstant();
		assertThat(workingDays.add(confirmed, 5)).as("approval: 10 (make-up Saturday), 12, 13, 14, 15 October")
			.isEqualTo(java.time.ZonedDateTime.of(2026, 10, 16, 0, 0, 0, 0, china).toInstant());
	}

	@Test
	void aNormalUseRestsOnAPassedOwnersVote() {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		long compound = compound();
		long b2 = jdbc.sql("select id from org_node where parent_id = ? and type = 'BUILDING' order by id offset 1 limit 1")
			.param(compound).query(Long.class).single();
		Map<String, Object> ballot = new LinkedHashMap<>();
		ballot.put("compoundId", compound);
		ballot.put("buildingIds", List.of(b2));
		ballot.put("matter", "FUND_USE");
		ballot.put("question", "是否同意使用维修资金更换2号楼单元门禁？");
		ballot.put("opensAt", Instant.now().minusSeconds(60).toString());
		ballot.put("closesAt", Instant.now().plusSeconds(86_400).toString());
		ApiClient.Response opened = api.post("/api/v1/ballots", community, ApiClient.json(ballot));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		long ballotId = opened.json().get("id").asLong();

		Map<String, Object> normal = application(compound, List.of(b2), 300_000);
		normal.put("kind", "NORMAL");
		normal.put("hazard", "OTHER");
		normal.put("ballotId", ballotId);
		assertThat(api.post("/api/v1/fund/applications", community, ApiClient.json(normal)).status())
			.as("the vote is still open").isEqualTo(400);

		// every owner of building 2 votes for it on paper, recorded by staff; the ballot closes and passes
		List<Long> households = jdbc.sql("""
				select n.id from org_node n join org_household h on h.node_id = n.id
				 where n.path like (select path from org_node where id = ?) || '%'""")
			.param(b2).query(Long.class).list();
		for (long household : households) {
			assertThat(api.post("/api/v1/ballots/" + ballotId + "/votes", community,
					ApiClient.json(Map.of("choice", "FOR", "householdId", household, "paper", true))).status())
				.isLessThan(300);
		}
		ApiClient.Response closed = api.post("/api/v1/ballots/" + ballotId + "/close", community, "{}");
		assertThat(closed.status()).as(closed.body()).isEqualTo(200);
		assertThat(api.get("/api/v1/ballots/" + ballotId + "/result", community).json().get("passed").asBoolean()).isTrue();

		ApiClient.Response filed = api.post("/api/v1/fund/applications", community, ApiClient.json(normal));
		assertThat(filed.status()).as(filed.body()).isEqualTo(201);
		JsonNode a = filed.json().get("application");
		assertThat(a.get("kind").asString()).isEqualTo("NORMAL");
		assertThat(a.get("status").asString()).as("the owners' vote stands for the on-site confirmation").isEqualTo("CONFIRMED");
		assertThat(a.get("ballotId").asLong()).isEqualTo(ballotId);
		assertThat(a.get("approveBy").isNull()).isFalse();
		// a ballot of another matter or compound is no ground
		normal.put("ballotId", ballotId + 100_000);
		assertThat(api.post("/api/v1/fund/applications", community, ApiClient.json(normal)).body()).contains("ballotId");
	}
}
