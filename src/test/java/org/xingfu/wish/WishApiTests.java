package org.xingfu.wish;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/** The wish flow through the API, with its scope, masking, cap and concurrency rules. */
@XingfuTest
class WishApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R' };

	record Household(long id, long personId, String name, String phone, long communityId) {
	}

	/** A household in the first grid of 农场社区 (the grid head wg.nongchang.1's area) with a resident in it. */
	Household householdOfGrid() {
		return jdbc.sql("""
				select h.id, p.id, p.name, p.phone, split_part(h.path, '/', 4)::bigint
				  from org_role_assignment ra
				  join org_grid_building gb on gb.grid_id = ra.grid_id
				  join org_node b on b.id = gb.building_id
				  join org_node h on h.type = 'HOUSEHOLD' and h.path like b.path || '%'
				  join org_residency r on r.household_id = h.id
				  join org_person p on p.id = r.person_id
				  join idn_account a on a.person_id = ra.person_id
				 where a.username = 'wg.nongchang.1' and ra.role = 'GRID_HEAD' and p.phone is not null
				 order by h.id desc limit 1""")
			.query((rs, i) -> new Household(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5)))
			.single();
	}

	Map<String, Object> wish(Household h, String title, String value) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("householdId", h.id());
		body.put("beneficiaryPersonId", h.personId());
		body.put("title", title);
		body.put("description", "独居老人，收音机坏了，想听戏。");
		body.put("valueYuan", value);
		return body;
	}

	long count() {
		return jdbc.sql("select count(*) from wsh_wish").query(Long.class).single();
	}

	@Test
	void collectedVerifiedClaimedOnceFulfilledConfirmedAndPointsEarned() throws Exception {
		ApiClient api = new ApiClient(port);
		Household h = householdOfGrid();
		String grid = api.token("wg.nongchang.1");
		String community = api.token("sq.nongchang");
		String volunteer = api.token("zy.001");
		String head = api.token("ld.caizheng.1");

		// over the cap: 400 naming the field, nothing stored
		long before = count();
		ApiClient.Response tooDear = api.post("/api/v1/wishes", grid, ApiClient.json(wish(h, "一台电视", "800")));
		assertThat(tooDear.status()).isEqualTo(400);
		assertThat(tooDear.body()).contains("valueYuan").contains("上限");
		assertThat(count()).isEqualTo(before);
		// a household outside the poster's area does not exist for them
		Map<String, Object> elsewhere = wish(h, "收音机", "80");
		assertThat(api.post("/api/v1/wishes", api.token("sq.chaoyang"), ApiClient.json(elsewhere)).status()).isEqualTo(404);
		assertThat(count()).isEqualTo(before);

		ApiClient.Response posted = api.post("/api/v1/wishes", grid, ApiClient.json(wish(h, "一台收音机", "80")));
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		long id = posted.json().get("id").asLong();
		assertThat(posted.json().get("status").asString()).isEqualTo("COLLECTED");

		// not yet published: others' staff do not see it, a volunteer cannot claim it
		assertThat(api.get("/api/v1/wishes/" + id, api.token("sq.chaoyang")).status()).isEqualTo(404);
		ApiClient.Response early = api.post("/api/v1/wishes/" + id + "/claim", volunteer, "{}");
		assertThat(early.status()).isEqualTo(409);
		assertThat(early.body()).contains("还没有发布");
		// only the community verifies; the grid head who collected it cannot
		assertThat(api.post("/api/v1/wishes/" + id + "/verify", grid, "{}").status()).isEqualTo(403);
		JsonNode verified = api.post("/api/v1/wishes/" + id + "/verify", community, "{}").json();
		assertThat(verified.get("status").asString()).isEqualTo("PUBLISHED");
		assertThat(verified.get("beneficiary").asString()).isEqualTo(h.name());

		// published: a volunteer sees it masked, without the phone
		JsonNode seen = api.get("/api/v1/wishes/" + id, volunteer).json();
		assertThat(seen.get("beneficiary").asString()).isNotEqualTo(h.name()).startsWith(h.name().substring(0, 1)).contains("*");
		assertThat(seen.get("beneficiaryPhone").isNull()).isTrue();
		assertThat(seen.get("canClaim").asBoolean()).isTrue();

		// two claims at the same moment: exactly one wins
		List<Integer> statuses = race(api, id, volunteer, head);
		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		String winner = statuses.get(0) == 200 ? volunteer : head;
		String loser = winner.equals(volunteer) ? head : volunteer;
		String winnerName = winner.equals(volunteer) ? "zy.001" : "ld.caizheng.1";
		assertThat(jdbc.sql("select count(*) from wsh_claim where wish_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
		// the claimant now sees who and how to reach them
		JsonNode claimed = api.get("/api/v1/wishes/" + id, winner).json();
		assertThat(claimed.get("beneficiary").asString()).isEqualTo(h.name());
		assertThat(claimed.get("beneficiaryPhone").asString()).isEqualTo(h.phone());

		// only the claimant fulfils; a photo goes with it
		assertThat(api.post("/api/v1/wishes/" + id + "/fulfil", loser, ApiClient.json(Map.of("note", "x"))).status())
			.isEqualTo(403);
		assertThat(upload(winner, id, "radio.png", PNG).status()).isEqualTo(201);
		assertThat(upload(winner, id, "evil.png", "<?php".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
		JsonNode fulfilled = api.post("/api/v1/wishes/" + id + "/fulfil", winner, ApiClient.json(Map.of("note", "已送到老人家中"))).json();
		assertThat(fulfilled.get("status").asString()).isEqualTo("FULFILLED");
		assertThat(fulfilled.get("photoIds").size()).isEqualTo(1);

		// confirmation by someone without scope is refused and changes nothing
		assertThat(api.post("/api/v1/wishes/" + id + "/confirm", api.token("sq.chaoyang"), "{}").status()).isEqualTo(403);
		long pointsBefore = api.get("/api/v1/volunteers/" + winnerName + "/points", winner).json().get("total").asLong();
		JsonNode confirmed = api.post("/api/v1/wishes/" + id + "/confirm", community,
				ApiClient.json(Map.of("thanks", "谢谢你们，又能听戏了"))).json();
		assertThat(confirmed.get("status").asString()).isEqualTo("CONFIRMED");
		// points and the claimant's notification are written after the commit, on another thread
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api
			.get("/api/v1/volunteers/" + winnerName + "/points", winner).json().get("total").asLong() == pointsBefore + 10);
		Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> api
			.get("/api/v1/notifications?size=100", winner).json().get("items").valueStream()
			.filter(n -> n.get("kind").asString().equals("WISH_CONFIRMED"))
			.anyMatch(n -> n.get("args").get(0).asString().equals(String.valueOf(id))));
		// a second confirmation is a conflict, and awards nothing more
		assertThat(api.post("/api/v1/wishes/" + id + "/confirm", community, "{}").status()).isEqualTo(409);
		assertThat(api.get("/api/v1/volunteers/" + winnerName + "/points", community).json().get("total").asLong())
			.isEqualTo(pointsBefore + 10);
		// residents cannot read someone else's points
		assertThat(api.get("/api/v1/volunteers/" + winnerName + "/points", api.token("jm.xinmin.101")).status()).isEqualTo(404);
	}

	@Test
	void theWallIsPublicAndNeverShowsTheFullName() throws Exception {
		ApiClient api = new ApiClient(port);
		Household h = householdOfGrid();
		long id = api.post("/api/v1/wishes", api.token("wg.nongchang.1"), ApiClient.json(wish(h, "一副老花镜", "60")))
			.json().get("id").asLong();
		HttpClient http = HttpClient.newHttpClient();
		String wall = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wall/" + h.communityId())).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		assertThat(wall).doesNotContain("一副老花镜"); // not verified yet
		api.post("/api/v1/wishes/" + id + "/verify", api.token("sq.nongchang"), "{}");
		HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wall/" + h.communityId())).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("一副老花镜").contains(h.name().substring(0, 1) + "*")
			.doesNotContain(h.name()).doesNotContain(h.phone());

		// a resident may take a wish on only as a party member
		String resident = api.token("jm.xinmin.101");
		jdbc.sql("update org_person set party_member = false where id = (select person_id from idn_account where username = 'jm.xinmin.101')").update();
		assertThat(api.post("/api/v1/wishes/" + id + "/claim", resident, "{}").status()).isEqualTo(403);
		jdbc.sql("update org_person set party_member = true where id = (select person_id from idn_account where username = 'jm.xinmin.101')").update();
		assertThat(api.post("/api/v1/wishes/" + id + "/claim", resident, "{}").status()).isEqualTo(200);
	}

	@Test
	void aResidentPostsForThemselvesAndStaffDeclineWithAReason() {
		ApiClient api = new ApiClient(port);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", "想要一个助行器");
		body.put("description", "腿脚不便，下楼困难。");
		body.put("valueYuan", "150.50");
		ApiClient.Response posted = api.post("/api/v1/wishes", api.token("jm.caizheng.101"), ApiClient.json(body));
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		long id = posted.json().get("id").asLong();
		String staff = api.token("sq.nongchang");
		assertThat(api.post("/api/v1/wishes/" + id + "/decline", staff, ApiClient.json(Map.of("reason", " "))).status())
			.isEqualTo(400);
		JsonNode declined = api.post("/api/v1/wishes/" + id + "/decline", staff,
				ApiClient.json(Map.of("reason", "已由民政部门配发"))).json();
		assertThat(declined.get("status").asString()).isEqualTo("DECLINED");
		// the resident sees why; a volunteer does not see the wish at all
		assertThat(api.get("/api/v1/wishes/" + id, api.token("jm.caizheng.101")).json().get("declineReason").asString())
			.isEqualTo("已由民政部门配发");
		assertThat(api.get("/api/v1/wishes/" + id, api.token("zy.001")).status()).isEqualTo(404);
		// a missing title is a 400 naming it
		body.remove("title");
		ApiClient.Response missing = api.post("/api/v1/wishes", api.token("jm.caizheng.101"), ApiClient.json(body));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("title");
	}

	private List<Integer> race(ApiClient api, long id, String... tokens) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> results = new ArrayList<>();
			for (String token : tokens) {
				Callable<Integer> claim = () -> {
					start.await();
					return api.post("/api/v1/wishes/" + id + "/claim", token, "{}").status();
				};
				results.add(pool.submit(claim));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> f : results) {
				statuses.add(f.get());
			}
			return statuses;
		}
	}

	private ApiClient.Response upload(String token, long id, String filename, byte[] bytes) {
		return new ApiClient(port).upload("/api/v1/wishes/" + id + "/photos", token, filename, bytes);
	}
}
