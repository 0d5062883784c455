package org.xingfu.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/** A demand from posting to a practical matter on the ledger, with scope, bad input and a claim race. */
@XingfuTest
class MatchingApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

	Map<String, Object> resource(String category, String title, int capacity, LocalDate until) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", "SERVICE");
		body.put("category", category);
		body.put("title", title);
		body.put("description", "每月一次，上门服务");
		body.put("capacity", capacity);
		body.put("validUntil", until.toString());
		return body;
	}

	@Test
	void aDemandIsMatchedClaimedOnceDeliveredConfirmedAndCounted() throws Exception {
		ApiClient api = new ApiClient(port);
		String unit = api.token("gj.hebei");
		String staff = api.token("sq.nongchang");
		long caizheng = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long alliance = jdbc.sql("""
				select u.alliance_id from org_role_assignment ra join org_partner_unit u on u.id = ra.partner_unit_id
				  join idn_account a on a.person_id = ra.person_id where a.username = 'gj.hebei'""").query(Long.class).single();

		// resources: only a unit's liaison publishes, never for the past
		assertThat(api.post("/api/v1/resources", staff, ApiClient.json(resource("ELDERLY", "理发", 2, today.plusMonths(3))))
			.status()).isEqualTo(403);
		ApiClient.Response past = api.post("/api/v1/resources", unit, ApiClient.json(resource("ELDERLY", "理发", 2, today.minusDays(1))));
		assertThat(past.status()).isEqualTo(400);
		assertThat(past.body()).contains("validUntil");
		long other = api.post("/api/v1/resources", unit, ApiClient.json(resource("LEGAL", "法律咨询", 5, today.plusMonths(3))))
			.json().get("id").asLong();
		long haircut = api.post("/api/v1/resources", unit, ApiClient.json(resource("ELDERLY", "上门理发", 2, today.plusMonths(3))))
			.json().get("id").asLong();

		// a demand: by the compound's side, in their area, not for the past
		Map<String, Object> demand = new LinkedHashMap<>();
		demand.put("nodeId", caizheng);
		demand.put("category", "ELDERLY");
		demand.put("title", "为高龄老人理发");
		demand.put("description", "小区 80 岁以上老人 12 位，行动不便");
		demand.put("wantedBy", today.plusWeeks(3).toString());
		demand.put("beneficiaries", 12);
		assertThat(api.post("/api/v1/demands", api.token("sq.chaoyang"), ApiClient.json(demand)).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/demands", unit, ApiClient.json(demand)).status()).isEqualTo(404);
		Map<String, Object> late = new LinkedHashMap<>(demand);
		late.put("wantedBy", today.minusDays(1).toString());
		assertThat(api.post("/api/v1/demands", staff, ApiClient.json(late)).body()).contains("wantedBy");
		ApiClient.Response posted = api.post("/api/v1/demands", staff, ApiClient.json(demand));
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		long id = posted.json().get("demand").get("id").asLong();

		// suggestions: the same category first
		JsonNode suggestions = api.get("/api/v1/demands/" + id + "/suggestions", unit).json();
		List<Long> order = new ArrayList<>();
		suggestions.forEach(s -> order.add(s.get("resource").get("id").asLong()));
		assertThat(order).contains(haircut, other);
		assertThat(order.indexOf(haircut)).isLessThan(order.indexOf(other));

		// two claims at the same moment: exactly one wins; the winner's resource is used once
		List<Integer> statuses = race(api, "/api/v1/demands/" + id + "/claim", ApiClient.json(Map.of("resourceId", haircut)), unit, unit);
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		assertThat(jdbc.sql("select used from mtc_resource where id = ?").param(haircut).query(Integer.class).single()).isEqualTo(1);
		JsonNode claimed = api.get("/api/v1/demands/" + id, unit).json().get("demand");
		assertThat(claimed.get("status").asString()).isEqualTo("CLAIMED");
		assertThat(claimed.get("allianceId").asLong()).isEqualTo(alliance);

		// deliver by the unit; confirm only by the compound's side in scope
		assertThat(api.post("/api/v1/demands/" + id + "/confirm", staff, "{}").status()).isEqualTo(409);
		assertThat(api.post("/api/v1/demands/" + id + "/deliver", unit, ApiClient.json(Map.of("note", "12 位老人已理发"))).status())
			.isEqualTo(200);
		assertThat(api.post("/api/v1/demands/" + id + "/confirm", api.token("zy.001"), "{}").status()).isEqualTo(404);
		assertThat(api.post("/api/v1/demands/" + id + "/confirm", api.token("sq.chaoyang"), "{}").status()).isEqualTo(404);
		JsonNode before = api.get("/api/v1/alliances/" + alliance + "/ledger", unit).json();
		long pointsBefore = api.get("/api/v1/volunteers/gj.hebei/points", unit).json().get("total").asLong();
		assertThat(api.post("/api/v1/demands/" + id + "/confirm", staff, "{}").json().get("demand").get("status").asString())
			.isEqualTo("CONFIRMED");

		JsonNode after = api.get("/api/v1/alliances/" + alliance + "/ledger", unit).json();
		assertThat(after.get("matters").asLong()).isEqualTo(before.get("matters").asLong() + 1);
		assertThat(after.get("beneficiaries").asLong()).isEqualTo(before.get("beneficiaries").asLong() + 12);
		// points are awarded after the commit, on another thread
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api
			.get("/api/v1/volunteers/gj.hebei/points", unit).json().get("total").asLong() == pointsBefore + 20);
		// a resident sees no ledger
		assertThat(api.get("/api/v1/alliances/" + alliance + "/ledger", api.token("jm.caizheng.101")).status()).isEqualTo(404);

		// the street's pages: the dispatch list of the month wanted, and the bi-monthly report in the workbook
		PageSession street = new PageSession(port);
		street.login("sq.nongchang", ApiClient.PASSWORD);
		YearMonth wanted = YearMonth.from(today.plusWeeks(3));
		assertThat(street.page("/matching/reports?month=" + wanted).body()).contains("为高龄老人理发");
		assertThat(street.page("/matching").body()).contains("为高龄老人理发");
		// the month's dispatch list reaches the liaisons of the street's alliance units in their inbox
		Map<String, Object> next = new LinkedHashMap<>(demand);
		next.put("title", "下月为老人量血压");
		next.put("wantedBy", today.plusMonths(1).withDayOfMonth(10).toString());
		assertThat(api.post("/api/v1/demands", staff, ApiClient.json(next)).status()).isEqualTo(201);
		YearMonth nextMonth = YearMonth.from(today).plusMonths(1);
		long unread = api.get("/api/v1/notifications", unit).json().get("unread").asLong();
		assertThat(street.post("/matching/reports/dispatch", "month=" + nextMonth)).isEqualTo(302);
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
			.until(() -> api.get("/api/v1/notifications", unit).json().get("unread").asLong() == unread + 1);
		JsonNode inbox = api.get("/api/v1/notifications", unit).json();
		assertThat(inbox.get("items").get(0).get("kind").asString()).isEqualTo("DEMANDS_DISPATCHED");
		assertThat(inbox.get("items").get(0).get("args").get(0).asString()).isEqualTo(nextMonth.toString());
		YearMonth from = MatchingController.bimonth(YearMonth.from(today));
		var xlsx = street.bytes("/matching/reports/circulation.xlsx?from=" + from);
		assertThat(xlsx.statusCode()).isEqualTo(200);
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
			List<String> cells = new ArrayList<>();
			workbook.getFirstSheet().openStream().forEach(row -> row.forEach(c -> cells.add(c == null ? "" : c.getRawValue())));
			assertThat(cells).contains("党建联盟", "完成实事").anyMatch(c -> c.startsWith("河北街道第1党建联盟"));
		}
	}

	private List<Integer> race(ApiClient api, String path, String body, String... tokens) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> results = new ArrayList<>();
			for (String token : tokens) {
				Callable<Integer> call = () -> {
					start.await();
					return api.post(path, token, body).status();
				};
				results.add(pool.submit(call));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> f : results) {
				statuses.add(f.get());
			}
			return statuses;
		}
	}
}
