package org.xingfu.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
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
 * Property service through the API against PostgreSQL: companies and 红色物业, contracts and the coverage figure,
 * a satisfaction survey answered once per household, an inspection check-list, the score and stars, the
 * excellence award through publicity and objections to the final list, and a welfare property team's month.
 */
@XingfuTest
class PropertyApiTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	long node(String name) {
		return jdbc.sql("select id from org_node where name = ?").param(name).query(Long.class).single();
	}

	@Test
	void companiesContractsAndCoverage() {
		ApiClient api = new ApiClient(port);
		String admin = api.token("admin");
		String street = api.token("jd.hebei");
		JsonNode companies = api.get("/api/v1/property/companies", street).json();
		JsonNode guoxin = null;
		for (JsonNode c : companies) {
			if (c.get("name").asString().startsWith("国信")) {
				guoxin = c;
			}
		}
		assertThat(guoxin).isNotNull();
		assertThat(guoxin.get("redProperty").asBoolean()).isTrue();
		assertThat(guoxin.get("compounds").asInt()).isPositive();

		Map<String, Object> company = Map.of("name", "公主岭市城发物业服务有限公司", "stateOwned", true, "partyBranch",
				"城发物业党支部", "partyMembers", 4);
		assertThat(api.post("/api/v1/property/companies", api.token("sq.nongchang"), ApiClient.json(company)).status())
			.isEqualTo(403);
		ApiClient.Response created = api.post("/api/v1/property/companies", admin, ApiClient.json(company));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long companyId = created.json().get("id").asLong();
		assertThat(api.post("/api/v1/property/companies", admin, ApiClient.json(company)).status()).isEqualTo(400);

		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		JsonNode before = api.get("/api/v1/property/coverage?nodeId=" + city, admin).json();
		BigDecimal percent = before.get("percent").decimalValue();
		assertThat(percent).isBetween(new BigDecimal("80"), new BigDecimal("99.9"));
		assertThat(before.get("children")).hasSize(7);
		BigDecimal childSum = BigDecimal.ZERO;
		for (JsonNode child : before.get("children")) {
			childSum = childSum.add(child.get("coveredAreaM2").decimalValue());
		}
		assertThat(childSum).isEqualByComparingTo(before.get("coveredAreaM2").decimalValue());

		// a compound without a company gets one: the covered area grows by exactly its area
		long bare = jdbc.sql("""
				select c.id from org_node c where c.type = 'COMPOUND'
				   and not exists (select 1 from prop_contract k where k.compound_id = c.id) order by c.id limit 1""")
			.query(Long.class).single();
		BigDecimal bareArea = jdbc.sql("""
				select sum(h.area_m2) from org_household h join org_node n on n.id = h.node_id
				 where n.path like (select path from org_node where id = ?) || '%'""").param(bare)
			.query(BigDecimal.class).single();
		Map<String, Object> contract = new LinkedHashMap<>();
		contract.put("companyId", companyId);
		contract.put("compoundId", bare);
		contract.put("startsOn", LocalDate.now(CHINA).minusDays(1).toString());
		contract.put("endsOn", LocalDate.now(CHINA).minusDays(2).toString());
		contract.put("serviceLevel", 2);
		contract.put("feeCentsPerM2", 110);
		assertThat(api.post("/api/v1/property/contracts", admin, ApiClient.json(contract)).body()).contains("endsOn");
		contract.put("endsOn", null);
		contract.put("serviceLevel", 4);
		assertThat(api.post("/api/v1/property/contracts", admin, ApiClient.json(contract)).status()).isEqualTo(400);
		contract.put("serviceLevel", 2);
		assertThat(api.post("/api/v1/property/contracts", street, ApiClient.json(contract)).status())
			.as("another street's compound").isIn(403, 404);
		assertThat(api.post("/api/v1/property/contracts", admin, ApiClient.json(contract)).status()).isEqualTo(201);
		JsonNode after = api.get("/api/v1/property/coverage?nodeId=" + city, admin).json();
		assertThat(after.get("coveredAreaM2").decimalValue())
			.isEqualByComparingTo(before.get("coveredAreaM2").decimalValue().add(bareArea));
		assertThat(api.get("/api/v1/property/coverage?nodeId=" + city, street).status()).isEqualTo(404);
	}

	@Test
	void aSurveyAnInspectionAndTheScore() {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		String owner = api.token("jm.caizheng.101");
		long compound = node("财政小区");
		String period = "2026-Q4";
		Map<String, Object> survey = Map.of("compoundId", compound, "period", period, "closesOn",
				LocalDate.now(CHINA).plusDays(14).toString());
		ApiClient.Response opened = api.post("/api/v1/property/surveys", community, ApiClient.json(survey));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		long surveyId = opened.json().get("id").asLong();
		String token = opened.json().get("token").asString();
		assertThat(api.post("/api/v1/property/surveys", community, ApiClient.json(survey)).status()).isEqualTo(409);
		assertThat(api.post("/api/v1/property/surveys", community, ApiClient.json(Map.of("compoundId", compound, "period",
				"2026-Q5", "closesOn", LocalDate.now(CHINA).plusDays(3).toString()))).status()).isEqualTo(400);

		// an owner opens it from the QR code's link and answers once for the household
		JsonNode s = api.get("/api/v1/property/surveys/by-token/" + token, owner).json();
		assertThat(s.get("answered").asBoolean()).isFalse();
		assertThat(s.get("survey").get("companyName").asString()).startsWith("国信");
		assertThat(api.get("/api/v1/property/surveys/by-token/" + token, api.token("jm.xinmin.101")).status())
			.isEqualTo(404);
		assertThat(api.post("/api/v1/property/surveys/" + surveyId + "/answers", owner,
				ApiClient.json(Map.of("scores", List.of(6, 4, 5, 4, 5)))).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/property/surveys/" + surveyId + "/answers", owner,
				ApiClient.json(Map.of("scores", List.of(5, 4, 5, 4, 5), "comment", "保洁很好，电梯维修慢。"))).status())
			.isEqualTo(201);
		ApiClient.Response twice = api.post("/api/v1/property/surveys/" + surveyId + "/answers", owner,
				ApiClient.json(Map.of("scores", List.of(1, 1, 1, 1, 1))));
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.body()).contains("每户每期一份");
		assertThat(api.get("/api/v1/property/surveys/by-token/" + token, owner).json().get("answered").asBoolean()).isTrue();

		// an inspection with every item of the check-list
		Map<String, Integer> points = new LinkedHashMap<>(Map.of("CLEANING", 18, "SECURITY", 17, "FACILITIES", 20,
				"GREENING", 12, "SERVICE", 16));
		Map<String, Object> inspection = new LinkedHashMap<>(Map.of("compoundId", compound, "period", period, "points", points));
		Map<String, Integer> missing = new LinkedHashMap<>(points);
		missing.remove("SERVICE");
		assertThat(api.post("/api/v1/property/evaluations", community,
				ApiClient.json(Map.of("compoundId", compound, "period", period, "points", missing))).status()).isEqualTo(400);
		Map<String, Integer> over = new LinkedHashMap<>(points);
		over.put("GREENING", 16);
		assertThat(api.post("/api/v1/property/evaluations", community,
				ApiClient.json(Map.of("compoundId", compound, "period", period, "points", over))).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/property/evaluations", owner, ApiClient.json(inspection)).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/property/evaluations", community, ApiClient.json(inspection)).status()).isEqualTo(201);

		JsonNode scores = api.get("/api/v1/property/evaluations?nodeId=" + compound + "&period=" + period, community).json();
		JsonNode score = scores.get("compounds").get(0).get("score");
		assertThat(score.get("survey").decimalValue()).isEqualByComparingTo("90.0");
		assertThat(score.get("inspection").decimalValue()).isEqualByComparingTo("83.0");
		assertThat(score.get("total").decimalValue()).isEqualByComparingTo("87.2");
		assertThat(score.get("stars").asInt()).isEqualTo(3);
		assertThat(scores.get("companies").get(0).get("average").decimalValue()).isEqualByComparingTo("87.2");
	}

	@Test
	void anAwardGoesThroughPublicityAndObjectionsToTheFinalList() {
		ApiClient api = new ApiClient(port);
		String street = api.token("jd.hebei");
		String community = api.token("sq.nongchang");
		String owner = api.token("jm.caizheng.101");
		long hebei = node("河北街道");
		long compound = node("财政小区");
		ApiClient.Response created = api.post("/api/v1/property/awards", street,
				ApiClient.json(Map.of("nodeId", hebei, "year", 2026, "title", "物业服务优秀（示范）项目")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long award = created.json().get("award").get("id").asLong();
		assertThat(api.post("/api/v1/property/awards", community,
				ApiClient.json(Map.of("nodeId", hebei, "year", 2026, "title", "x"))).status())
			.as("community staff do not see the street's node").isEqualTo(404);

		long otherStreetCompound = jdbc.sql("""
				select c.id from org_node c join org_node s on c.path like s.path || '%'
				 where s.name = '岭东街道' and c.type = 'COMPOUND' order by c.id limit 1""").query(Long.class).single();
		assertThat(api.post("/api/v1/property/awards/" + award + "/nominations", street,
				ApiClient.json(Map.of("compoundId", otherStreetCompound, "reason", "x"))).status()).isEqualTo(400);
		JsonNode nominated = api.post("/api/v1/property/awards/" + award + "/nominations", community,
				ApiClient.json(Map.of("compoundId", compound, "reason", "红色物业示范，报修30分钟响应。"))).json();
		long nomination = nominated.get("nominations").get(0).get("id").asLong();
		assertThat(api.post("/api/v1/property/awards/" + award + "/propose", street, ApiClient.json(Map.of("count", 1)))
			.status()).as("nothing reviewed").isEqualTo(409);
		assertThat(api.post("/api/v1/property/awards/" + award + "/nominations/" + nomination + "/reviews", community,
				ApiClient.json(Map.of("score", 90))).status()).isEqualTo(403);
		api.post("/api/v1/property/awards/" + award + "/nominations/" + nomination + "/reviews", street,
				ApiClient.json(Map.of("score", 92, "comment", "台账齐全")));
		JsonNode proposed = api.post("/api/v1/property/awards/" + award + "/propose", street,
				ApiClient.json(Map.of("count", 1))).json();
		assertThat(proposed.get("award").get("status").asString()).isEqualTo("PUBLICITY");
		assertThat(proposed.get("nominations").get(0).get("proposed").asBoolean()).isTrue();
		long notice = proposed.get("award").get("noticeId").asLong();
		assertThat(api.get("/api/v1/public/notices/" + notice, null).json().get("body").asString())
			.contains("财政小区").contains("92");

		ApiClient.Response early = api.post("/api/v1/property/awards/" + award + "/finalise", street, "{}");
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.body()).contains("公示期满");
		long objection = api.post("/api/v1/notices/" + notice + "/objections", owner,
				ApiClient.json(Map.of("text", "电梯报修等了三天，不应评为优秀。"))).json().get("id").asLong();
		jdbc.sql("update ntc_notice set starts_at = now() - interval '8 days', ends_at = now() - interval '1 minute' where id = ?")
			.param(notice).update();
		ApiClient.Response unanswered = api.post("/api/v1/property/awards/" + award + "/finalise", street, "{}");
		assertThat(unanswered.status()).isEqualTo(409);
		assertThat(unanswered.body()).contains("1 条异议");
		assertThat(api.post("/api/v1/notices/" + notice + "/objections/" + objection + "/answer", street,
				ApiClient.json(Map.of("text", "经核实为电梯配件待货，已督促整改，不影响评选。"))).status()).isEqualTo(200);
		JsonNode fin = api.post("/api/v1/property/awards/" + award + "/finalise", street, "{}").json();
		assertThat(fin.get("award").get("status").asString()).isEqualTo("FINAL");
		assertThat(api.get("/api/v1/public/notices/" + fin.get("award").get("finalNoticeId").asLong(), null).json()
			.get("title").asString()).contains("表彰名单");
	}

	@Test
	void aWelfareTeamsMonthAndItsStipends() {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		long nongchang = node("农场社区");
		long compound = node("财政小区");
		long guoxin = jdbc.sql("select id from org_property_company where name like '国信%'").query(Long.class).single();
		long jindi = jdbc.sql("select id from org_property_company where name like '金地%'").query(Long.class).single();
		Map<String, Object> team = new LinkedHashMap<>(Map.of("communityId", nongchang, "name", "农场社区公益物业队",
				"backstopCompanyId", jindi, "compoundIds", List.of(compound)));
		assertThat(api.post("/api/v1/property/welfare-teams", community, ApiClient.json(team)).body())
			.as("a private company is no backstop").contains("backstopCompanyId");
		team.put("backstopCompanyId", guoxin);
		ApiClient.Response created = api.post("/api/v1/property/welfare-teams", community, ApiClient.json(team));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long teamId = created.json().get("team").get("id").asLong();

		long head = jdbc.sql("select person_id from idn_account where username = 'ld.caizheng.1'").query(Long.class).single();
		JsonNode members = api.post("/api/v1/property/welfare-teams/" + teamId + "/members", community,
				ApiClient.json(Map.of("personId", head, "title", "楼栋长", "stipendCentsPerDuty", 5000))).json();
		long member = members.get(0).get("id").asLong();
		LocalDate today = LocalDate.now(CHINA);
		LocalDate yesterday = today.minusDays(1);
		api.post("/api/v1/property/welfare-teams/" + teamId + "/duties", community,
				ApiClient.json(Map.of("memberId", member, "dutyDate", today.toString(), "task", "楼道清扫")));
		api.post("/api/v1/property/welfare-teams/" + teamId + "/duties", community,
				ApiClient.json(Map.of("memberId", member, "dutyDate", yesterday.toString(), "task", "楼道清扫")));
		assertThat(api.post("/api/v1/property/welfare-teams/" + teamId + "/duties", community,
				ApiClient.json(Map.of("memberId", member, "dutyDate", today.toString(), "task", "again"))).status())
			.isEqualTo(409);

		Map<String, Object> log = new LinkedHashMap<>(Map.of("memberId", member, "compoundId", compound, "workDate",
				today.toString(), "kind", "CLEANING", "hours", 2.5, "description", "1号楼楼道清扫，清理小广告。"));
		assertThat(api.post("/api/v1/property/welfare-teams/" + teamId + "/logs", api.token("jm.caizheng.101"),
				ApiClient.json(log)).status()).as("not a member, not staff").isIn(403, 404);
		ApiClient.Response logged = api.post("/api/v1/property/welfare-teams/" + teamId + "/logs",
				api.token("ld.caizheng.1"), ApiClient.json(log));
		assertThat(logged.status()).as(logged.body()).isEqualTo(201);
		Map<String, Object> future = new LinkedHashMap<>(log);
		future.put("workDate", today.plusDays(1).toString());
		assertThat(api.post("/api/v1/property/welfare-teams/" + teamId + "/logs", api.token("ld.caizheng.1"),
				ApiClient.json(future)).status()).isEqualTo(400);

		YearMonth month = YearMonth.from(today);
		JsonNode ledger = api.get("/api/v1/property/welfare-teams/" + teamId + "/ledger?month=" + month, community).json();
		JsonNode line = ledger.get(0);
		assertThat(line.get("dutyDays").asInt()).isEqualTo(1);
		assertThat(line.get("stipendCents").asLong()).isEqualTo(5000);
		assertThat(line.get("hours").decimalValue()).isEqualByComparingTo("2.5");
		int rosteredThisMonth = YearMonth.from(yesterday).equals(month) ? 2 : 1;
		assertThat(line.get("rostered").asInt()).isEqualTo(rosteredThisMonth);
		assertThat(line.get("missed").asInt()).isEqualTo(rosteredThisMonth - 1);
		assertThat(api.get("/api/v1/property/welfare-teams/" + teamId + "/ledger?month=" + month,
				api.token("ld.caizheng.1")).status()).as("a member does not keep the ledger").isEqualTo(403);
	}
}
