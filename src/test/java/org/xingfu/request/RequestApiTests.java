package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

@XingfuTest
class RequestApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OverdueEscalation escalation;

	ApiClient api;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port);
	}

	private Map<String, Object> body(String title) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("category", "PROPERTY_REPAIR");
		body.put("title", title);
		body.put("description", "一楼楼道灯不亮，晚上看不见台阶。");
		body.put("urgency", "GENERAL");
		return body;
	}

	private long submitAsResident(String title) {
		ApiClient.Response r = api.post("/api/v1/requests", api.token("jm.caizheng.101"), ApiClient.json(body(title)));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return r.json().get("id").asLong();
	}

	@Test
	void theWholeLoopResidentBuildingHeadResidentAndTheRates() {
		String resident = api.token("jm.caizheng.101");
		ApiClient.Response created = api.post("/api/v1/requests", resident, ApiClient.json(body("楼道灯坏了")));
		assertThat(created.status()).isEqualTo(201);
		JsonNode c = created.json();
		long id = c.get("id").asLong();
		assertThat(c.get("status").asString()).isEqualTo("SUBMITTED");
		assertThat(c.get("ownerUsername").isNull()).isTrue();
		assertThat(c.get("dueAt").asString()).isNotBlank();

		String head = api.token("ld.caizheng.1");
		assertThat(api.post("/api/v1/requests/" + id + "/accept", head, "{}").json().get("ownerUsername").asString())
			.isEqualTo("ld.caizheng.1");
		// the resident cannot resolve, another first responder cannot resolve someone else's case
		assertThat(api.post("/api/v1/requests/" + id + "/resolve", resident, "{}").status()).isEqualTo(403);
		assertThat(api.post("/api/v1/requests/" + id + "/resolve", api.token("sj.caizheng"), "{}").status()).isEqualTo(403);
		assertThat(api.post("/api/v1/requests/" + id + "/resolve", head, ApiClient.json(Map.of("note", "已更换灯泡")))
			.json().get("status").asString()).isEqualTo("RESOLVED");
		JsonNode closed = api.post("/api/v1/requests/" + id + "/confirm", resident,
				ApiClient.json(Map.of("satisfaction", "SATISFIED", "comment", "很快"))).json();
		assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
		List<String> steps = new ArrayList<>();
		closed.get("timeline").forEach(e -> steps.add(e.get("type").asString()));
		assertThat(steps).containsExactly("SUBMITTED", "ACCEPTED", "RESOLVED", "CONFIRMED");

		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		JsonNode rates = api.get("/api/v1/requests/rates?nodeId=" + compound, api.token("sq.nongchang")).json();
		assertThat(rates.get("received").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(rates.get("satisfied").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(rates.get("responseRate").decimalValue()).isPositive();
		// rates of another community's node are out of scope
		assertThat(api.get("/api/v1/requests/rates?nodeId=" + compound, api.token("sq.chaoyang")).status()).isEqualTo(404);
	}

	@Test
	void illegalTransitionsAre409WithTheCurrentStateAndOtherScopes404() {
		long id = submitAsResident("门禁坏了");
		ApiClient.Response early = api.post("/api/v1/requests/" + id + "/resolve", api.token("ld.caizheng.1"), "{}");
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.json().get("detail").asString()).contains("SUBMITTED");
		assertThat(api.post("/api/v1/requests/" + id + "/confirm", api.token("jm.caizheng.101"),
				ApiClient.json(Map.of("satisfaction", "SATISFIED"))).status()).isEqualTo(409);
		assertThat(api.get("/api/v1/requests/" + id, api.token("sq.chaoyang")).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/requests/" + id, api.token("jm.xinmin.101")).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/requests/" + id + "/accept", api.token("sq.chaoyang"), "{}").status()).isEqualTo(404);
		// a volunteer in the city sees nothing
		assertThat(api.get("/api/v1/requests/" + id, api.token("zy.001")).status()).isEqualTo(404);
	}

	@Test
	void badInputIs400NamingTheFieldAndStoresNothing() {
		String resident = api.token("jm.caizheng.101");
		long before = count();
		Map<String, Object> noTitle = body("");
		ApiClient.Response r = api.post("/api/v1/requests", resident, ApiClient.json(noTitle));
		assertThat(r.status()).isEqualTo(400);
		assertThat(r.json().get("invalidFields").get(0).get("field").asString()).isEqualTo("title");
		Map<String, Object> longTitle = body("长".repeat(101));
		assertThat(api.post("/api/v1/requests", resident, ApiClient.json(longTitle)).status()).isEqualTo(400);
		Map<String, Object> badCategory = body("x");
		badCategory.put("category", "NOPE");
		ApiClient.Response cat = api.post("/api/v1/requests", resident, ApiClient.json(badCategory));
		assertThat(cat.status()).isEqualTo(400);
		assertThat(cat.json().get("invalidFields").get(0).get("field").asString()).isEqualTo("category");
		Map<String, Object> badUrgency = body("x");
		badUrgency.put("urgency", "SOON");
		assertThat(api.post("/api/v1/requests", resident, ApiClient.json(badUrgency)).status()).isEqualTo(400);
		// a household of another compound is not the resident's to file for
		long xinmin = jdbc.sql("select id from org_node where type = 'COMPOUND' and parent_id = (select id from org_node where name = '新民社区') order by id limit 1")
			.query(Long.class).single();
		Map<String, Object> elsewhere = body("x");
		elsewhere.put("compoundId", xinmin);
		assertThat(api.post("/api/v1/requests", resident, ApiClient.json(elsewhere)).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/requests", resident, "{oops").status()).isEqualTo(400);
		assertThat(api.get("/api/v1/requests?status=NOPE", resident).status()).isEqualTo(400);
		assertThat(api.get("/api/v1/requests?size=1000", resident).status()).isEqualTo(400);
		assertThat(count()).isEqualTo(before);
	}

	@Test
	void aRetryWithTheSameKeyIsNotStoredTwiceAndADifferentBodyIs422() throws Exception {
		String resident = api.token("jm.caizheng.101");
		String json = ApiClient.json(body("重试测试"));
		long before = count();
		HttpResponse<String> first = post(resident, "key-123", json);
		HttpResponse<String> again = post(resident, "key-123", json);
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Location").orElseThrow()).matches("/api/v1/requests/\\d+");
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(count()).isEqualTo(before + 1);
		HttpResponse<String> other = post(resident, "key-123", ApiClient.json(body("别的内容")));
		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(count()).isEqualTo(before + 1);

		// eight retries at the same moment: still one request
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(() -> post(resident, "key-race", json).statusCode());
		}
		try (var pool = Executors.newFixedThreadPool(8)) {
			for (Future<Integer> f : pool.invokeAll(calls)) {
				assertThat(f.get()).isEqualTo(201);
			}
		}
		assertThat(count()).isEqualTo(before + 2);
	}

	@Test
	void twoStaffAcceptingAtTheSameMomentOnlyOneOwnsIt() throws Exception {
		long id = submitAsResident("并发受理");
		String head = api.token("ld.caizheng.1");
		String secretary = api.token("sj.caizheng");
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Integer>> calls = List.of(() -> {
			start.await();
			return api.post("/api/v1/requests/" + id + "/accept", head, "{}").status();
		}, () -> {
			start.await();
			return api.post("/api/v1/requests/" + id + "/accept", secretary, "{}").status();
		});
		List<Integer> statuses = new ArrayList<>();
		try (var pool = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> futures = calls.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<Integer> f : futures) {
				statuses.add(f.get());
			}
		}
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		assertThat(jdbc.sql("select count(*) from req_event where request_id = ? and type = 'ACCEPTED'").param(id)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void anOverdueCaseClimbsOneRungAndTheCommunityTakesIt() {
		long id = submitAsResident("无人受理");
		jdbc.sql("update req_request set accept_due_at = now() - interval '1 minute' where id = ?").param(id).update();
		assertThat(escalation.escalateOverdue(1000)).isGreaterThanOrEqualTo(1);
		JsonNode after = api.get("/api/v1/requests/" + id, api.token("sq.nongchang")).json();
		assertThat(after.get("level").asString()).isEqualTo("COMMUNITY");
		assertThat(after.get("status").asString()).isEqualTo("SUBMITTED");
		assertThat(after.get("timeline").get(1).get("type").asString()).isEqualTo("AUTO_ESCALATED");
		// and the community's staff are told in their inbox
		// (written after the commit, on another thread)
		String community = api.token("sq.nongchang");
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api
			.get("/api/v1/notifications?size=100", community).json().get("items").valueStream()
			.filter(n -> n.get("kind").asString().equals("REQUEST_OVERDUE_ESCALATED"))
			.anyMatch(n -> n.get("args").get(0).asString().equals(String.valueOf(id))));
		// the compound's responders can no longer take it; the community's staff can
		assertThat(api.post("/api/v1/requests/" + id + "/accept", api.token("ld.caizheng.1"), "{}").status()).isEqualTo(403);
		assertThat(api.post("/api/v1/requests/" + id + "/accept", api.token("sq.nongchang"), "{}").status()).isEqualTo(200);
		// a second run does not push it further: it was accepted in its new window
		escalation.escalateOverdue(1000);
		assertThat(api.get("/api/v1/requests/" + id, api.token("sq.nongchang")).json().get("level").asString())
			.isEqualTo("COMMUNITY");
	}

	@Test
	void handOverMergeRejectAndReopen() {
		String head = api.token("ld.caizheng.1");
		long a = submitAsResident("交接测试");
		api.post("/api/v1/requests/" + a + "/accept", head, "{}");
		JsonNode moved = api.post("/api/v1/requests/" + a + "/transfer", head,
				ApiClient.json(Map.of("toUsername", "sj.caizheng", "reason", "需要书记协调"))).json();
		assertThat(moved.get("ownerUsername").asString()).isEqualTo("sj.caizheng");
		assertThat(api.post("/api/v1/requests/" + a + "/transfer", api.token("sj.caizheng"),
				ApiClient.json(Map.of("toUsername", "sq.chaoyang", "reason", "x"))).status()).isEqualTo(409);
		assertThat(api.post("/api/v1/requests/" + a + "/transfer", api.token("sj.caizheng"),
				ApiClient.json(Map.of("reason", "x"))).status()).isEqualTo(409);

		long b = submitAsResident("重复的诉求");
		JsonNode merged = api.post("/api/v1/requests/" + b + "/merge", api.token("sj.caizheng"),
				ApiClient.json(Map.of("intoId", a))).json();
		assertThat(merged.get("status").asString()).isEqualTo("MERGED");
		assertThat(merged.get("mergedInto").asLong()).isEqualTo(a);

		long c = submitAsResident("不属于受理范围");
		ApiClient.Response noReason = api.post("/api/v1/requests/" + c + "/reject", head, "{}");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(api.post("/api/v1/requests/" + c + "/reject", head, ApiClient.json(Map.of("reason", "属于私人财产纠纷，请走法律途径")))
			.json().get("status").asString()).isEqualTo("REJECTED");

		String secretary = api.token("sj.caizheng");
		api.post("/api/v1/requests/" + a + "/resolve", secretary, "{}");
		String resident = api.token("jm.caizheng.101");
		JsonNode reopened = api.post("/api/v1/requests/" + a + "/reopen", resident, ApiClient.json(Map.of("reason", "还是坏的"))).json();
		assertThat(reopened.get("status").asString()).isEqualTo("IN_PROGRESS");
		assertThat(reopened.get("ownerUsername").asString()).isEqualTo("sj.caizheng");
		// past the window a closed case stays closed
		api.post("/api/v1/requests/" + a + "/resolve", secretary, "{}");
		api.post("/api/v1/requests/" + a + "/confirm", resident, ApiClient.json(Map.of("satisfaction", "BASICALLY_SATISFIED")));
		jdbc.sql("update req_request set resolved_at = now() - interval '8 days' where id = ?").param(a).update();
		assertThat(api.post("/api/v1/requests/" + a + "/reopen", resident, ApiClient.json(Map.of("reason", "again"))).status())
			.isEqualTo(409);
	}

	@Test
	void staffFileOnAResidentsBehalfAndResidentsSeeOnlyTheirOwn() {
		long building = jdbc.sql("select b.id from org_node b join org_node c on c.id = b.parent_id where c.name = '财政小区' and b.name = '2号楼'")
			.query(Long.class).single();
		Map<String, Object> phoned = body("电话反映：2号楼漏水");
		phoned.put("buildingId", building);
		phoned.put("channel", "PHONE");
		phoned.put("residentName", "王大爷");
		phoned.put("residentPhone", "13500001111");
		phoned.put("category", "WATER_SUPPLY");
		phoned.put("urgency", "UTILITY");
		ApiClient.Response r = api.post("/api/v1/requests", api.token("sq.nongchang"), ApiClient.json(phoned));
		assertThat(r.status()).isEqualTo(201);
		long id = r.json().get("id").asLong();
		JsonNode seenByStaff = api.get("/api/v1/requests/" + id, api.token("sq.nongchang")).json();
		assertThat(seenByStaff.get("channel").asString()).isEqualTo("PHONE");
		assertThat(seenByStaff.get("residentPhone").asString()).isEqualTo("13500001111");
		// property staff see the case (water is a property category) but the phone masked
		assertThat(api.get("/api/v1/requests/" + id, api.token("wy.guoxin")).json().get("residentPhone").asString())
			.isEqualTo("135****1111");
		// the resident of 101 does not see a request filed for someone else
		assertThat(api.get("/api/v1/requests/" + id, api.token("jm.caizheng.101")).status()).isEqualTo(404);
		JsonNode mine = api.get("/api/v1/requests", api.token("jm.caizheng.101")).json();
		mine.get("items").forEach(item -> assertThat(item.get("id").asLong()).isNotEqualTo(id));
		JsonNode categories = api.get("/api/v1/requests/categories", api.token("jm.caizheng.101")).json();
		assertThat(categories.get(0).get("code").asString()).isEqualTo("PROPERTY_REPAIR");
		assertThat(categories.get(0).get("limits").size()).isEqualTo(4);
	}

	@Test
	void aStreetSummonsADepartmentWhichReportsAndTheTimeIsRecorded() {
		long id = submitAsResident("需要住建局到场");
		String street = api.token("admin");
		// community staff cannot summon; the department must be a city department
		assertThat(api.post("/api/v1/requests/" + id + "/summon", api.token("sq.nongchang"),
				ApiClient.json(Map.of("department", "bm.zhujian"))).status()).isEqualTo(403);
		ApiClient.Response wrong = api.post("/api/v1/requests/" + id + "/summon", street,
				ApiClient.json(Map.of("department", "sq.nongchang")));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().get("invalidFields").get(0).get("field").asString()).isEqualTo("department");
		JsonNode summoned = api.post("/api/v1/requests/" + id + "/summon", street,
				ApiClient.json(Map.of("department", "bm.zhujian", "note", "外墙空鼓需鉴定"))).json();
		assertThat(summoned.get(0).get("department").asString()).isEqualTo("bm.zhujian");
		assertThat(summoned.get(0).get("acknowledgedAt").isNull()).isTrue();
		String department = api.token("bm.zhujian");
		JsonNode acknowledged = api.post("/api/v1/requests/" + id + "/acknowledge", department, "{}").json();
		assertThat(acknowledged.get(0).get("acknowledgedAt").isNull()).isFalse();
		assertThat(acknowledged.get(0).get("late").asBoolean()).isFalse();
		assertThat(api.post("/api/v1/requests/" + id + "/acknowledge", department, "{}").status()).isEqualTo(409);
		List<String> steps = new ArrayList<>();
		api.get("/api/v1/requests/" + id, department).json().get("timeline").forEach(e -> steps.add(e.get("type").asString()));
		assertThat(steps).containsSubsequence("SUMMONED", "ACKNOWLEDGED");
	}

	@Test
	void internalNotesAreForStaffOnly(@Autowired RequestManagement management,
			@Autowired org.xingfu.organization.OrganizationDirectory directory) {
		long id = submitAsResident("内部备注测试");
		management.note(org.xingfu.TestActors.of(jdbc, directory, "sq.nongchang"), id, "业主情绪激动，先电话沟通", true);
		assertThat(api.get("/api/v1/requests/" + id, api.token("sq.nongchang")).body()).contains("业主情绪激动");
		assertThat(api.get("/api/v1/requests/" + id, api.token("jm.caizheng.101")).body()).doesNotContain("业主情绪激动");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.note(
				org.xingfu.TestActors.of(jdbc, directory, "jm.caizheng.101"), id, "x", false))
			.isInstanceOf(org.xingfu.shared.ForbiddenException.class);
	}

	private long count() {
		return jdbc.sql("select count(*) from req_request").query(Long.class).single();
	}

	private HttpResponse<String> post(String token, String key, String json) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/requests"))
			.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
				HttpResponse.BodyHandlers.ofString());
	}
}
