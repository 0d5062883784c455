package org.xingfu.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * A campaign through the API against PostgreSQL: the target fixed from the register, check-in by personal code with
 * a temperature field, idempotent even when sixteen scanners race, refused outside the target, with a bad or forged
 * code or after the end; statuses, progress by building, the missing list of a grid; a dispatch acknowledged.
 */
@XingfuTest
class CampaignApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalCodes codes;

	long node(String name) {
		return jdbc.sql("select id from org_node where name = ?").param(name).query(Long.class).single();
	}

	static Map<String, Object> campaign(long compound, Instant endsAt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "财政小区冬季流感疫苗接种");
		body.put("kind", "VACCINATION");
		body.put("nodeIds", List.of(compound));
		body.put("startsAt", Instant.now().minus(1, ChronoUnit.HOURS).toString());
		body.put("endsAt", endsAt.toString());
		body.put("fields", List.of(Map.of("code", "temperature", "label", "体温", "type", "NUMBER", "min", 35, "max", 42,
				"required", true), Map.of("code", "allergy", "label", "过敏史", "type", "YES_NO", "required", false)));
		return body;
	}

	@Test
	void checkInsAreVerifiedStoredOnceAndCounted() throws Exception {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		String grid = api.token("wg.nongchang.1");
		long compound = node("财政小区");
		ApiClient.Response created = api.post("/api/v1/campaigns", community,
				ApiClient.json(campaign(compound, Instant.now().plus(8, ChronoUnit.HOURS))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("campaign").get("id").asLong();
		int population = created.json().get("campaign").get("population").asInt();
		assertThat(population).isEqualTo(jdbc.sql("""
				select count(distinct r.person_id) from org_residency r join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where id = ?) || '%'""").param(compound).query(Integer.class).single());
		assertThat(api.post("/api/v1/campaigns", api.token("sq.chaoyang"),
				ApiClient.json(campaign(compound, Instant.now().plus(8, ChronoUnit.HOURS)))).status()).isEqualTo(404);
		long building1 = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound)
			.query(Long.class).single();
		long site = api.post("/api/v1/campaigns/" + id + "/sites", community, ApiClient.json(Map.of("name",
				"1号楼前临时接种点", "nodeId", building1))).json().get("sites").get(0).get("id").asLong();

		String ownerCode = api.get("/api/v1/me/code", api.token("jm.caizheng.101")).json().get("code").asString();
		JsonNode before = api.get("/api/v1/campaigns/" + id + "/progress?nodeId=" + compound, community).json();
		int doneBefore = building(before, building1).get("done").asInt();
		long gridId = jdbc.sql("select grid_id from org_grid_building where building_id = ?").param(building1)
			.query(Long.class).single();
		int missingBefore = api.get("/api/v1/campaigns/" + id + "/missing?gridId=" + gridId, grid).json().size();

		// bad input stores nothing
		assertThat(api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of("code", ownerCode,
				"siteId", site, "values", Map.of("temperature", 45)))).body()).contains("35").contains("42");
		assertThat(api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of("code", ownerCode,
				"siteId", site, "values", Map.of()))).body()).contains("体温");
		assertThat(api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of("code", "P12-ZZZ",
				"siteId", site, "values", Map.of("temperature", 36.5)))).status()).isEqualTo(400);
		String forged = ownerCode.substring(0, ownerCode.indexOf('-') + 1) + "AAAAAA";
		assertThat(api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of("code", forged,
				"siteId", site, "values", Map.of("temperature", 36.5)))).status()).isEqualTo(400);
		String outsider = api.get("/api/v1/me/code", api.token("jm.xinmin.101")).json().get("code").asString();
		ApiClient.Response notTargeted = api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of(
				"code", outsider, "siteId", site, "values", Map.of("temperature", 36.5))));
		assertThat(notTargeted.status()).isEqualTo(400);
		assertThat(notTargeted.body()).contains("不在本次活动的名单内");
		assertThat(jdbc.sql("select count(*) from cmp_checkin where campaign_id = ?").param(id).query(Integer.class)
			.single()).isZero();

		ApiClient.Response first = api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of(
				"code", ownerCode.toLowerCase(), "siteId", site, "values", Map.of("temperature", "36.6", "allergy", "否"))));
		assertThat(first.status()).as(first.body()).isEqualTo(201);
		assertThat(first.json().get("name").asString()).contains("*");
		ApiClient.Response again = api.post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of(
				"code", ownerCode, "siteId", site, "values", Map.of("temperature", "37.9"))));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("recorded").asBoolean()).isFalse();
		assertThat(jdbc.sql("select field_values->>'temperature' from cmp_checkin where campaign_id = ?").param(id)
			.query(String.class).single()).isEqualTo("36.6");

		// sixteen scanners race on one person: one check-in
		long other = jdbc.sql("select subject_id from cmp_target where campaign_id = ? and node_path like ? and status = 'PENDING' order by subject_id limit 1")
			.params(id, jdbc.sql("select path from org_node where id = ?").param(building1).query(String.class).single() + "%")
			.query(Long.class).single();
		String otherCode = codes.codeOf(other);
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Callable<Integer>> scans = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			scans.add(() -> new ApiClient(port).post("/api/v1/campaigns/" + id + "/checkins", grid, ApiClient.json(Map.of(
					"code", otherCode, "siteId", site, "values", Map.of("temperature", 36.8)))).status());
		}
		int createdCount = 0;
		for (Future<Integer> f : pool.invokeAll(scans)) {
			assertThat(f.get()).isIn(200, 201);
			createdCount += f.get() == 201 ? 1 : 0;
		}
		pool.shutdown();
		assertThat(createdCount).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from cmp_checkin where campaign_id = ? and subject_id = ?").params(id, other)
			.query(Integer.class).single()).isEqualTo(1);

		JsonNode after = api.get("/api/v1/campaigns/" + id + "/progress?nodeId=" + compound, community).json();
		assertThat(building(after, building1).get("done").asInt()).isEqualTo(doneBefore + 2);
		assertThat(after.get("total").get("total").asInt()).isEqualTo(population);
		assertThat(api.get("/api/v1/campaigns/" + id + "/missing?gridId=" + gridId, grid).json().size())
			.isEqualTo(missingBefore - 2);

		// statuses other than done, by staff; done only by checking in
		long third = jdbc.sql("select subject_id from cmp_target where campaign_id = ? and status = 'PENDING' order by subject_id limit 1")
			.param(id).query(Long.class).single();
		assertThat(api.post("/api/v1/campaigns/" + id + "/statuses", community, ApiClient.json(Map.of("personId", third,
				"status", "DONE"))).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/campaigns/" + id + "/statuses", community, ApiClient.json(Map.of("personId", third,
				"status", "ABSENT", "note", "外出务工"))).status()).isEqualTo(204);
		assertThat(api.post("/api/v1/campaigns/" + id + "/statuses", community, ApiClient.json(Map.of("personId", other,
				"status", "REFUSED"))).status()).isEqualTo(409);
		assertThat(api.get("/api/v1/campaigns/" + id + "/progress?nodeId=" + compound, community).json().get("total")
			.get("absent").asInt()).isEqualTo(1);
		assertThat(api.get("/api/v1/campaigns/" + id, api.token("jm.xinmin.101")).status()).isEqualTo(404);
	}

	static JsonNode building(JsonNode progress, long buildingId) {
		for (JsonNode c : progress.get("children")) {
			if (c.get("nodeId").asLong() == buildingId) {
				return c;
			}
		}
		throw new AssertionError("no building " + buildingId);
	}

	@Test
	void noCheckInAfterTheEnd() throws Exception {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		long compound = node("财政小区");
		long id = api.post("/api/v1/campaigns", community, ApiClient.json(campaign(compound,
				Instant.now().plus(2, ChronoUnit.SECONDS)))).json().get("campaign").get("id").asLong();
		long site = api.post("/api/v1/campaigns/" + id + "/sites", community, ApiClient.json(Map.of("name", "社区服务站",
				"nodeId", compound))).json().get("sites").get(0).get("id").asLong();
		Thread.sleep(2_500);
		String code = api.get("/api/v1/me/code", api.token("jm.caizheng.101")).json().get("code").asString();
		ApiClient.Response late = api.post("/api/v1/campaigns/" + id + "/checkins", community, ApiClient.json(Map.of(
				"code", code, "siteId", site, "values", Map.of("temperature", 36.5))));
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.body()).contains("不在进行中");
	}

	@Test
	void aDispatchIsAcknowledgedByItsGridWorkers() {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		long compound = node("财政小区");
		long id = api.post("/api/v1/campaigns", community, ApiClient.json(campaign(compound,
				Instant.now().plus(8, ChronoUnit.HOURS)))).json().get("campaign").get("id").asLong();
		ApiClient.Response sent = api.post("/api/v1/campaigns/" + id + "/dispatches", community, ApiClient.json(Map.of(
				"nodeId", compound, "message", "下午2点前请通知本网格未接种的老人到1号楼前接种点。")));
		assertThat(sent.status()).as(sent.body()).isEqualTo(201);
		long dispatch = sent.json().get("id").asLong();
		assertThat(sent.json().get("recipients").asInt()).isPositive();
		assertThat(api.post("/api/v1/dispatches/" + dispatch + "/ack", community, "{}").status()).isEqualTo(409);
		assertThat(api.post("/api/v1/dispatches/" + dispatch + "/ack", api.token("jm.caizheng.101"), "{}").status())
			.isEqualTo(404);
		JsonNode acked = api.post("/api/v1/dispatches/" + dispatch + "/ack", api.token("wg.nongchang.1"), "{}").json();
		assertThat(acked.get("acknowledged").asInt()).isEqualTo(1);
		assertThat(api.post("/api/v1/dispatches/" + dispatch + "/ack", api.token("wg.nongchang.1"), "{}").json()
			.get("acknowledged").asInt()).as("twice is once").isEqualTo(1);
		JsonNode view = api.get("/api/v1/dispatches/" + dispatch, community).json();
		assertThat(view.get("recipients")).hasSizeGreaterThanOrEqualTo(1);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from ntf_notification n join idn_account a on a.person_id = n.person_id
				 where a.username = 'wg.nongchang.1' and n.kind = 'DISPATCH_RECEIVED' and n.link = ?""")
			.param("/dispatches/" + dispatch).query(Integer.class).single() == 1);
	}

	@Test
	void aHouseholdCampaignCountsFlatsAndAnyMemberChecksTheFlatIn() {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		long compound = node("财政小区");
		Map<String, Object> body = campaign(compound, Instant.now().plus(8, ChronoUnit.HOURS));
		body.put("name", "财政小区供暖入户检查");
		body.put("kind", "HEATING_CHECK");
		body.put("unit", "HOUSEHOLD");
		body.put("fields", List.of(Map.of("code", "warm", "label", "室温达标", "type", "YES_NO", "required", true)));
		ApiClient.Response created = api.post("/api/v1/campaigns", community, ApiClient.json(body));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("campaign").get("id").asLong();
		assertThat(created.json().get("campaign").get("population").asInt()).isEqualTo(jdbc.sql("""
				select count(*) from org_node where type = 'HOUSEHOLD' and path like (select path from org_node where id = ?) || '%'""")
			.param(compound).query(Integer.class).single());
		long site = api.post("/api/v1/campaigns/" + id + "/sites", community, ApiClient.json(Map.of("name", "入户",
				"nodeId", compound))).json().get("sites").get(0).get("id").asLong();
		// two people registered in one flat: the first checks the flat in, the second finds it done
		List<Long> pair = jdbc.sql("""
				select p.id from org_person p join org_node h on p.home_path = h.path
				 where h.type = 'HOUSEHOLD' and h.path like (select path from org_node where id = ?) || '%'
				   and h.id = (select h2.id from org_person p2 join org_node h2 on p2.home_path = h2.path
				                where h2.type = 'HOUSEHOLD' and h2.path like (select path from org_node where id = ?) || '%'
				                group by h2.id having count(*) >= 2 order by h2.id limit 1)
				 order by p.id limit 2""").params(compound, compound).query(Long.class).list();
		assertThat(pair).hasSize(2);
		ApiClient.Response first = api.post("/api/v1/campaigns/" + id + "/checkins", community, ApiClient.json(Map.of(
				"code", codes.codeOf(pair.get(0)), "siteId", site, "values", Map.of("warm", "是"))));
		assertThat(first.status()).as(first.body()).isEqualTo(201);
		long household = first.json().get("subjectId").asLong();
		ApiClient.Response second = api.post("/api/v1/campaigns/" + id + "/checkins", community, ApiClient.json(Map.of(
				"code", codes.codeOf(pair.get(1)), "siteId", site, "values", Map.of("warm", "否"))));
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("subjectId").asLong()).isEqualTo(household);
		assertThat(jdbc.sql("select status from cmp_target where campaign_id = ? and subject_id = ?").params(id, household)
			.query(String.class).single()).isEqualTo("DONE");
		assertThat(api.post("/api/v1/campaigns/" + id + "/statuses", community, ApiClient.json(Map.of("householdId",
				household, "status", "ABSENT"))).status()).isEqualTo(409);
	}

	/** A photo of a phone screen showing a resident's code, as a site's staff would take it. */
	static byte[] qrPhoto(String text) throws Exception {
		com.google.zxing.common.BitMatrix m = new com.google.zxing.qrcode.QRCodeWriter().encode(text,
				com.google.zxing.BarcodeFormat.QR_CODE, 0, 0);
		int scale = 12;
		int margin = 200;
		java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(m.getWidth() * scale + 2 * margin,
				m.getHeight() * scale + 2 * margin, java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D g = img.createGraphics();
		g.setColor(new java.awt.Color(235, 235, 225));
		g.fillRect(0, 0, img.getWidth(), img.getHeight());
		g.setColor(new java.awt.Color(20, 20, 30));
		for (int y = 0; y < m.getHeight(); y++) {
			for (int x = 0; x < m.getWidth(); x++) {
				if (m.get(x, y)) {
					g.fillRect(margin + x * scale, margin + y * scale, scale, scale);
				}
			}
		}
		g.dispose();
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(img, "png", out);
		return out.toByteArray();
	}

	@Test
	void aCheckInFromAPhotoOfTheCode() throws Exception {
		ApiClient api = new ApiClient(port);
		String community = api.token("sq.nongchang");
		long compound = node("财政小区");
		long id = api.post("/api/v1/campaigns", community, ApiClient.json(campaign(compound,
				Instant.now().plus(8, ChronoUnit.HOURS)))).json().get("campaign").get("id").asLong();
		long site = api.post("/api/v1/campaigns/" + id + "/sites", community, ApiClient.json(Map.of("name", "社区服务站",
				"nodeId", compound))).json().get("sites").get(0).get("id").asLong();
		String code = api.get("/api/v1/me/code", api.token("jm.caizheng.101")).json().get("code").asString();
		Map<String, String> fields = Map.of("siteId", String.valueOf(site), "value.temperature", "36.4");
		ApiClient.Response read = api.multipart("/api/v1/campaigns/" + id + "/checkins/photo", community, fields, "photo",
				Map.of("code.png", qrPhoto(code)));
		assertThat(read.status()).as(read.body()).isEqualTo(201);
		assertThat(read.json().get("personId").asLong()).isEqualTo(jdbc.sql(
				"select person_id from idn_account where username = 'jm.caizheng.101'").query(Long.class).single());
		ApiClient.Response blank = api.multipart("/api/v1/campaigns/" + id + "/checkins/photo", community, fields, "photo",
				Map.of("wall.png", blankPng()));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.body()).contains("没有识别到居民码");
		assertThat(api.multipart("/api/v1/campaigns/" + id + "/checkins/photo", community, fields, "photo",
				Map.of("notes.txt", "hello".getBytes())).status()).isEqualTo(415);
	}

	static byte[] blankPng() throws Exception {
		java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(img, "png", out);
		return out.toByteArray();
	}

	@Test
	void theDemoCityHasACampaignRunningWithASite() {
		ApiClient api = new ApiClient(port);
		JsonNode demo = null;
		for (JsonNode c : api.get("/api/v1/campaigns", api.token("wg.nongchang.1")).json()) {
			if (c.get("createdBy").asString().equals("system")) {
				demo = c;
			}
		}
		assertThat(demo).isNotNull();
		assertThat(demo.get("population").asInt()).isPositive();
		assertThat(api.get("/api/v1/campaigns/" + demo.get("id").asLong(), api.token("sq.nongchang")).json().get("sites"))
			.hasSize(1);
	}
}
