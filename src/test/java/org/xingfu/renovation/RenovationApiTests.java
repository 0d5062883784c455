package org.xingfu.renovation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
 * A renovation project of 河北街道 through the API: residents' opinions while the scope is open, the scope fixed
 * and published, progress by milestone and quantity, the acceptance in order with a defect found and fixed before
 * the re-check, the decision kept on record, and the street and city totals.
 */
@XingfuTest
class RenovationApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	long node(String name) {
		return jdbc.sql("select id from org_node where name = ?").param(name).query(Long.class).single();
	}

	@Test
	void aProjectFromOpinionsToAcceptance() {
		ApiClient api = new ApiClient(port);
		String street = api.token("jd.hebei");
		String owner = api.token("jm.caizheng.101");
		long hebei = node("河北街道");
		long compound = node("财政小区");
		long lingdongCompound = jdbc.sql("""
				select c.id from org_node c join org_node s on c.path like s.path || '%'
				 where s.name = '岭东街道' and c.type = 'COMPOUND' order by c.id limit 1""").query(Long.class).single();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("nodeId", hebei);
		body.put("name", "河北街道2026年老旧小区改造（一期）");
		body.put("year", 2026);
		body.put("compoundIds", List.of(compound, lingdongCompound));
		body.put("buildings", 6);
		body.put("floorAreaM2", new BigDecimal("21600.50"));
		body.put("budgetCents", 380_000_000L);
		assertThat(api.post("/api/v1/renovation/projects", street, ApiClient.json(body)).body()).contains("compoundIds");
		body.put("compoundIds", List.of(compound));
		assertThat(api.post("/api/v1/renovation/projects", api.token("sq.chaoyang"), ApiClient.json(body)).status())
			.isEqualTo(404);
		body.put("floorAreaM2", -1);
		assertThat(api.post("/api/v1/renovation/projects", street, ApiClient.json(body)).status()).isEqualTo(400);
		body.put("floorAreaM2", new BigDecimal("21600.50"));
		ApiClient.Response created = api.post("/api/v1/renovation/projects", street, ApiClient.json(body));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("project").get("id").asLong();
		String base = "/api/v1/renovation/projects/" + id;

		api.post(base + "/scope-items", street, ApiClient.json(Map.of("kind", "WATER_PIPE", "description",
				"更换老化供水管网", "unit", "M", "plannedQuantity", 1200)));
		api.post(base + "/scope-items", street, ApiClient.json(Map.of("kind", "ROOF", "description", "屋面防水",
				"unit", "M2", "plannedQuantity", 5000)));
		assertThat(api.post(base + "/scope-items", street, ApiClient.json(Map.of("kind", "ROOF", "description", "x",
				"unit", "M2", "plannedQuantity", 0))).status()).isEqualTo(400);
		assertThat(api.post(base + "/opinions", owner, ApiClient.json(Map.of("text", "希望同时更换楼道照明。"))).status())
			.isEqualTo(201);
		assertThat(api.get(base, api.token("jm.xinmin.101")).status()).isEqualTo(404);
		assertThat(api.post(base + "/opinions", api.token("sq.nongchang"), ApiClient.json(Map.of("text", "x"))).status())
			.as("staff are not residents").isEqualTo(403);

		JsonNode fixed = api.post(base + "/fix-scope", street, "{}").json();
		assertThat(fixed.get("project").get("status").asString()).isEqualTo("SCOPE_FIXED");
		long notice = fixed.get("project").get("scopeNoticeId").asLong();
		String noticeBody = api.get("/api/v1/public/notices/" + notice, null).json().get("body").asString();
		assertThat(noticeBody).contains("更换老化供水管网 1200 米").contains("征求居民意见 1 条");
		assertThat(api.post(base + "/opinions", owner, ApiClient.json(Map.of("text", "还有意见"))).status()).isEqualTo(409);

		JsonNode withMilestone = api.post(base + "/milestones", street,
				ApiClient.json(Map.of("name", "管网施工", "dueOn", "2026-12-20"))).json();
		long milestone = withMilestone.get("milestones").get(0).get("id").asLong();
		long pipe = withMilestone.get("scope").get(0).get("id").asLong();
		assertThat(api.post(base + "/milestones/" + milestone + "/progress", street,
				ApiClient.json(Map.of("progressPct", 100))).json().get("project").get("status").asString())
			.isEqualTo("UNDER_WAY");
		api.post(base + "/scope-items/" + pipe + "/done", street, ApiClient.json(Map.of("doneQuantity", 1200)));

		// the acceptance in order; community staff may not take its steps
		assertThat(api.post(base + "/acceptance/steps", street,
				ApiClient.json(Map.of("step", "ONSITE_INSPECTION", "passed", true))).status()).isEqualTo(409);
		assertThat(api.post(base + "/acceptance/steps", api.token("sq.nongchang"),
				ApiClient.json(Map.of("step", "DOCUMENT_REVIEW", "passed", true))).status()).isIn(403, 404);
		for (String step : List.of("DOCUMENT_REVIEW", "SELF_ASSESSMENT", "ONSITE_INSPECTION")) {
			assertThat(api.post(base + "/acceptance/steps", street, ApiClient.json(Map.of("step", step, "passed", true)))
				.status()).as(step).isEqualTo(200);
		}
		JsonNode withDefect = api.post(base + "/defects", street,
				ApiClient.json(Map.of("description", "3号楼屋面局部起鼓"))).json();
		long defect = withDefect.get("defects").get(0).get("id").asLong();
		ApiClient.Response recheck = api.post(base + "/acceptance/steps", street,
				ApiClient.json(Map.of("step", "RECHECK", "passed", true)));
		assertThat(recheck.status()).isEqualTo(409);
		assertThat(recheck.body()).contains("1 个问题未整改");
		assertThat(api.post(base + "/decision", street, ApiClient.json(Map.of("accepted", true))).status()).isEqualTo(409);
		assertThat(api.post(base + "/decision", street, ApiClient.json(Map.of("accepted", false))).status()).isEqualTo(400);
		api.post(base + "/defects/" + defect + "/fix", street, ApiClient.json(Map.of("note", "已重新铺设防水卷材")));
		assertThat(api.post(base + "/defects/" + defect + "/fix", street, ApiClient.json(Map.of("note", "again"))).status())
			.isEqualTo(409);
		api.post(base + "/acceptance/steps", street, ApiClient.json(Map.of("step", "RECHECK", "passed", true)));
		JsonNode accepted = api.post(base + "/decision", street,
				ApiClient.json(Map.of("accepted", true, "note", "资料齐全，整改到位。"))).json();
		assertThat(accepted.get("project").get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(accepted.get("acceptance")).hasSize(4);
		assertThat(accepted.get("defects").get(0).get("fixedNote").asString()).isEqualTo("已重新铺设防水卷材");

		JsonNode totals = api.get("/api/v1/renovation/totals?nodeId=" + hebei, street).json();
		assertThat(totals.get("projects").asInt()).isPositive();
		assertThat(totals.get("pipeMetres").decimalValue()).isGreaterThanOrEqualTo(new BigDecimal("1200"));
		assertThat(totals.get("accepted").asInt()).isPositive();
		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		JsonNode cityTotals = api.get("/api/v1/renovation/totals?nodeId=" + city, api.token("admin")).json();
		JsonNode hebeiRow = null;
		for (JsonNode c : cityTotals.get("children")) {
			if (c.get("nodeId").asLong() == hebei) {
				hebeiRow = c;
			}
		}
		assertThat(hebeiRow).isNotNull();
		assertThat(hebeiRow.get("floorAreaM2").decimalValue()).isEqualByComparingTo(totals.get("floorAreaM2").decimalValue());
		assertThat(api.get("/api/v1/renovation/totals?nodeId=" + city, street).status()).isEqualTo(404);
	}
}
