package org.xingfu.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * Grid work through the API against PostgreSQL: a field log retried with the same Idempotency-Key is stored once
 * (also when the retries race), a hazard becomes a request and the two point at each other, special-care residents
 * are seen only by the grid and the community and every view is audited, a dispute runs from sessions to follow-up,
 * and an environment finding from deadline to re-inspection with the compound's counts.
 */
@XingfuTest
class GridApiTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	long household101() {
		return jdbc.sql("""
				select r.household_id from org_residency r join idn_account a on a.person_id = r.person_id
				 where a.username = 'jm.caizheng.101' and r.relation = 'OWNER'""").query(Long.class).single();
	}

	HttpResponse<String> postWithKey(String token, String path, String json, String key) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aLogRetriedFromAStairwellIsStoredOnce() throws Exception {
		ApiClient api = new ApiClient(port);
		String grid = api.token("wg.nongchang.1");
		long household = household101();
		String body = ApiClient.json(Map.of("nodeId", household, "kind", "CONDITIONS", "note", "入户走访，老人身体尚可。"));
		HttpResponse<String> first = postWithKey(grid, "/api/v1/grid/logs", body, "stairwell-1");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		HttpResponse<String> again = postWithKey(grid, "/api/v1/grid/logs", body, "stairwell-1");
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(again.body()).isEqualTo(first.body());

		// eight retries racing with one key: one log
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(() -> postWithKey(grid, "/api/v1/grid/logs", body, "stairwell-race").statusCode());
		}
		for (Future<Integer> f : pool.invokeAll(calls)) {
			assertThat(f.get()).isEqualTo(201);
		}
		pool.shutdown();
		assertThat(jdbc.sql("select count(*) from grd_log where idempotency_key = 'stairwell-race'").query(Integer.class)
			.single()).isEqualTo(1);

		// with a photo (multipart), and a file that is no picture refused
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R' };
		ApiClient.Response withPhoto = api.multipart("/api/v1/grid/logs", grid, Map.of("nodeId", String.valueOf(household),
				"kind", "EMERGENCY", "note", "楼道堆放杂物堵塞消防通道，已拍照。"), "photos", Map.of("hall.png", png));
		assertThat(withPhoto.status()).as(withPhoto.body()).isEqualTo(201);
		assertThat(withPhoto.json().get("photos").asInt()).isEqualTo(1);
		assertThat(api.multipart("/api/v1/grid/logs", grid, Map.of("nodeId", String.valueOf(household), "kind", "EMERGENCY",
				"note", "x"), "photos", Map.of("hall.png", "not a picture".getBytes())).status()).isEqualTo(415);

		// the grid of the log is the household's; out of scope and bad kinds are refused
		JsonNode log = new ApiClient.Response(first.statusCode(), "application/json", first.body()).json();
		assertThat(log.get("gridId").isNull()).isFalse();
		assertThat(api.post("/api/v1/grid/logs", api.token("sq.chaoyang"), body).status()).isEqualTo(404);
		assertThat(api.post("/api/v1/grid/logs", grid, ApiClient.json(Map.of("nodeId", household, "kind", "GOSSIP",
				"note", "x"))).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/grid/logs", api.token("jm.caizheng.101"), body).status()).isEqualTo(403);
	}

	@Test
	void aHazardBecomesALinkedRequest() {
		ApiClient api = new ApiClient(port);
		String grid = api.token("wg.nongchang.1");
		long building = jdbc.sql("""
				select b.id from org_node b join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and b.name = '1号楼'""").query(Long.class).single();
		ApiClient.Response hazard = api.post("/api/v1/grid/hazards", grid, ApiClient.json(Map.of("nodeId", building,
				"category", "PROPERTY_REPAIR", "title", "1号楼东侧井盖破损", "description", "井盖开裂，夜间有踩空危险。",
				"urgency", "UTILITY")));
		assertThat(hazard.status()).as(hazard.body()).isEqualTo(201);
		long logId = hazard.json().get("id").asLong();
		long requestId = hazard.json().get("requestId").asLong();
		JsonNode request = api.get("/api/v1/requests/" + requestId, grid).json();
		assertThat(request.get("title").asString()).isEqualTo("1号楼东侧井盖破损");
		assertThat(request.get("channel").asString()).isEqualTo("IN_PERSON");
		assertThat(jdbc.sql("select link from req_origin where request_id = ?").param(requestId).query(String.class)
			.single()).isEqualTo("/grid/logs/" + logId);
		assertThat(api.post("/api/v1/grid/hazards", grid, ApiClient.json(Map.of("nodeId", building, "category", "NOPE",
				"title", "x", "description", "y", "urgency", "GENERAL"))).status()).isEqualTo(400);
	}

	@Test
	void specialCareIsForTheGridAndCommunityOnlyAndEveryViewIsAudited() {
		ApiClient api = new ApiClient(port);
		String grid = api.token("wg.nongchang.1");
		String community = api.token("sq.nongchang");
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long person = jdbc.sql("""
				select r.person_id from org_residency r join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where id = ?) || '%' order by r.person_id offset 7 limit 1""")
			.param(compound).query(Long.class).single();
		ApiClient.Response registered = api.post("/api/v1/grid/care", grid, ApiClient.json(Map.of("personId", person,
				"category", "ELDERLY_ALONE", "note", "独居，行动不便")));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		long careId = registered.json().get("id").asLong();
		assertThat(api.post("/api/v1/grid/care", grid, ApiClient.json(Map.of("personId", person, "category",
				"ELDERLY_ALONE"))).status()).isEqualTo(409);

		// registered 40 days ago and never visited: overdue for a monthly visit
		jdbc.sql("update grd_care set since = current_date - 40 where id = ?").param(careId).update();
		JsonNode overdue = api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, grid).json();
		assertThat(containsId(overdue, careId)).isTrue();
		ApiClient.Response communityView = api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, community);
		assertThat(communityView.status()).as(communityView.body()).isEqualTo(200);
		assertThat(containsId(communityView.json(), careId)).isTrue();
		// the street, the property company and the resident do not see special care
		assertThat(api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, api.token("jd.hebei")).status())
			.isEqualTo(403);
		assertThat(api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, api.token("wy.guoxin")).status())
			.isEqualTo(403);
		assertThat(api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, api.token("jm.caizheng.101")).status())
			.isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from aud_entry where action = 'CARE_OVERDUE_VIEWED' and actor in ('wg.nongchang.1', 'sq.nongchang')")
			.query(Integer.class).single()).isGreaterThanOrEqualTo(2);

		// a visit logged for the record takes them off the overdue list
		long household = jdbc.sql("select household_id from grd_care where id = ?").param(careId).query(Long.class).single();
		assertThat(api.post("/api/v1/grid/logs", grid, ApiClient.json(Map.of("nodeId", household, "kind", "SERVICE",
				"note", "上门探访，帮忙代购药品。", "careId", careId))).status()).isEqualTo(201);
		assertThat(containsId(api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, grid).json(), careId)).isFalse();
		JsonNode all = api.get("/api/v1/grid/care?nodeId=" + compound, grid).json();
		for (JsonNode c : all) {
			if (c.get("id").asLong() == careId) {
				assertThat(c.get("dueOn").asString()).isEqualTo(LocalDate.now(CHINA).plusDays(30).toString());
			}
		}
	}

	static boolean containsId(JsonNode list, long id) {
		for (JsonNode n : list) {
			if (n.get("id").asLong() == id) {
				return true;
			}
		}
		return false;
	}

	@Test
	void aDisputeAndAnEnvironmentFinding() {
		ApiClient api = new ApiClient(port);
		String grid = api.token("wg.nongchang.1");
		long household = household101();
		JsonNode opened = api.post("/api/v1/grid/disputes", grid, ApiClient.json(Map.of("nodeId", household, "title",
				"楼上漏水纠纷", "kind", "NEIGHBOUR", "parties", "101室、201室住户"))).json();
		long dispute = opened.get("dispute").get("id").asLong();
		Map<String, Object> agree = new LinkedHashMap<>(Map.of("agreed", true, "text", "201室三日内修复防水，赔偿101室吊顶。",
				"followUpOn", LocalDate.now(CHINA).plusDays(7).toString()));
		assertThat(api.post("/api/v1/grid/disputes/" + dispute + "/conclusion", grid, ApiClient.json(agree)).status())
			.as("no session yet").isEqualTo(409);
		assertThat(api.post("/api/v1/grid/disputes/" + dispute + "/sessions", grid, ApiClient.json(Map.of("heldOn",
				LocalDate.now(CHINA).toString(), "note", "双方到场，201室同意修复。"))).status()).isEqualTo(201);
		assertThat(api.post("/api/v1/grid/disputes/" + dispute + "/conclusion", grid, ApiClient.json(agree)).json()
			.get("dispute").get("status").asString()).isEqualTo("AGREED");
		assertThat(api.post("/api/v1/grid/disputes/" + dispute + "/follow-up", grid, ApiClient.json(Map.of("note",
				"回访：已修复，双方满意。"))).json().get("dispute").get("status").asString()).isEqualTo("CLOSED");

		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long building = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound)
			.query(Long.class).single();
		assertThat(api.post("/api/v1/grid/inspections", grid, ApiClient.json(Map.of("nodeId", compound, "kind",
				"CROPS_ON_GREEN", "place", "x", "note", "y", "deadline", LocalDate.now(CHINA).plusDays(7).toString()))).status())
			.as("the grid worker's scope is the grid's buildings").isEqualTo(404);
		Map<String, Object> finding = new LinkedHashMap<>(Map.of("nodeId", building, "kind", "CROPS_ON_GREEN", "place",
				"3号楼南侧绿地", "note", "绿地被开垦种菜约20平方米。", "deadline", LocalDate.now(CHINA).plusDays(7).toString()));
		finding.put("deadline", LocalDate.now(CHINA).minusDays(1).toString());
		assertThat(api.post("/api/v1/grid/inspections", grid, ApiClient.json(finding)).status()).isEqualTo(400);
		finding.put("deadline", LocalDate.now(CHINA).plusDays(7).toString());
		ApiClient.Response found = api.post("/api/v1/grid/inspections", grid, ApiClient.json(finding));
		assertThat(found.status()).as(found.body()).isEqualTo(201);
		long id = found.json().get("id").asLong();
		JsonNode notYet = api.post("/api/v1/grid/inspections/" + id + "/reinspection", grid, ApiClient.json(Map.of(
				"rectified", false, "note", "已拔除一半", "newDeadline", LocalDate.now(CHINA).plusDays(3).toString()))).json();
		assertThat(notYet.get("status").asString()).isEqualTo("FOUND");
		assertThat(api.post("/api/v1/grid/inspections/" + id + "/reinspection", grid, ApiClient.json(Map.of(
				"rectified", true, "note", "已复绿"))).json().get("status").asString()).isEqualTo("CLOSED");
		JsonNode counts = api.get("/api/v1/grid/inspections/counts?nodeId=" + compound, api.token("sq.nongchang")).json();
		boolean seen = false;
		for (JsonNode c : counts) {
			if (c.get("kind").asString().equals("CROPS_ON_GREEN")) {
				assertThat(c.get("closed").asInt()).isPositive();
				seen = true;
			}
		}
		assertThat(seen).isTrue();
		// the community's staff see the same counts on their grid page
		org.xingfu.PageSession staff = new org.xingfu.PageSession(port);
		staff.login("sq.nongchang", ApiClient.PASSWORD);
		String home = staff.page("/grid").body();
		assertThat(home).contains("id=\"finding-counts\"").contains("毁绿种菜").contains("财政小区");
	}

	@Test
	void theDemoCityGivesTheGridWorkerVisitsToMake() {
		ApiClient api = new ApiClient(port);
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		assertThat(jdbc.sql("select count(*) from grd_care where created_by = 'system'").query(Integer.class).single())
			.isEqualTo(12);
		// registered 20 to 44 days ago with a monthly interval: some of them are overdue
		JsonNode overdue = api.get("/api/v1/grid/care-visits/overdue?nodeId=" + compound, api.token("wg.nongchang.1")).json();
		assertThat(overdue.size()).isPositive();
	}
}
