package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;

/** The daily tallies give exactly the rates a live count gives, for every level of the tree. */
@XingfuTest
class RatesRollupTests {

	@LocalServerPort
	int port;

	@Autowired
	RatesRollup rollup;

	@Autowired
	RequestQueries queries;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Test
	void rolledUpRatesEqualLiveRates() {
		ApiClient api = new ApiClient(port);
		String resident = api.token("jm.caizheng.101");
		String head = api.token("ld.caizheng.1");
		for (int i = 0; i < 4; i++) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("category", "SANITATION");
			body.put("title", "汇总测试 " + i);
			body.put("description", "垃圾没人清运");
			body.put("urgency", "GENERAL");
			long id = api.post("/api/v1/requests", resident, ApiClient.json(body)).json().get("id").asLong();
			if (i < 3) {
				api.post("/api/v1/requests/" + id + "/accept", head, "{}");
				api.post("/api/v1/requests/" + id + "/resolve", head, "{}");
				api.post("/api/v1/requests/" + id + "/confirm", resident,
						ApiClient.json(Map.of("satisfaction", i == 0 ? "BASICALLY_SATISFIED" : "SATISFIED")));
			}
			// received ten days ago, so it falls into the rolled-up days (moved with its timeline, as by hand: V58)
			jdbc.sql("select req_move_submission(id, city_id, submitted_at - interval '10 days') from req_request where id = ?")
				.param(id).query(Integer.class).single();
		}
		var admin = TestActors.of(jdbc, directory, "admin");
		LocalDate today = LocalDate.now(BusinessCalendar.ZONE);
		Instant from = today.minusDays(30).atStartOfDay(BusinessCalendar.ZONE).toInstant();
		Instant to = today.plusDays(1).atStartOfDay(BusinessCalendar.ZONE).toInstant();
		String[] nodes = { "select id from org_node where type = 'CITY'", "select id from org_node where name = '河北街道'",
				"select id from org_node where name = '农场社区'", "select id from org_node where name = '财政小区'",
				"select b.id from org_node b join org_node c on c.id = b.parent_id where c.name = '财政小区' and b.name = '1号楼'" };

		jdbc.sql("update req_rates_rollup set rolled_until = date '1970-01-01' where id = 1").update();
		jdbc.sql("delete from req_rates_daily").update();
		RequestRates[] live = new RequestRates[nodes.length];
		for (int i = 0; i < nodes.length; i++) {
			live[i] = queries.rates(admin, jdbc.sql(nodes[i]).query(Long.class).single(), from, to);
		}
		assertThat(live[3].received()).isGreaterThanOrEqualTo(4);
		assertThat(live[3].basicallySatisfied()).isGreaterThanOrEqualTo(1);

		rollup.refresh(today.minusDays(RatesRollup.RECENT_DAYS));
		assertThat(jdbc.sql("select rolled_until from req_rates_rollup").query(java.sql.Date.class).single().toLocalDate())
			.isEqualTo(today.minusDays(1));
		assertThat(jdbc.sql("select count(*) from req_rates_daily").query(Long.class).single()).isPositive();
		for (int i = 0; i < nodes.length; i++) {
			assertThat(queries.rates(admin, jdbc.sql(nodes[i]).query(Long.class).single(), from, to)).as(nodes[i])
				.isEqualTo(live[i]);
		}
	}
}
