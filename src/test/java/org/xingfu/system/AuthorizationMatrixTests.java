package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;
import org.xingfu.identity.AccountManagement;

/**
 * The authorization matrix: every GET endpoint of the API and every page, as every demo role and without an
 * account, on a target inside 财政小区 (or its community and street) and on one in another street (岭西街道). The
 * expected answers are the table {@code authorization/matrix.tsv}; the endpoints come from Spring's handler
 * mapping, so an endpoint added later without a row in the table fails this test. Besides the table, two rules
 * hold for every answer: nobody but a city-wide role reads an out-of-scope target that is not public, and the roles
 * that need nobody's personal data never see a full phone number (other than their own, or that of a wish they
 * claimed and must bring) or a full ID number.
 * After a run the observed table is in {@code target/authorization-matrix.tsv}; with
 * {@code -Dxingfu.matrix.record=true} differences from the table are printed, not failed, for review.
 */
@XingfuTest
class AuthorizationMatrixTests {

	/** The columns of the table: no account, then one demo account per role. */
	static final List<String> CALLERS = List.of("anonymous", "admin", "jd.hebei", "sq.nongchang", "sj.caizheng",
			"ld.caizheng.1", "wg.nongchang.1", "wy.guoxin", "jm.caizheng.101", "zy.001", "bm.zhujian", "gj.hebei");

	/** Callers whose role is held at the city node: every street is in their scope. */
	static final Set<String> CITY_WIDE = Set.of("admin", "bm.zhujian");

	/**
	 * Paths every signed-in user may read in any community by design: a community's volunteer leaderboard (names
	 * masked as on the public wish wall) encourages volunteers across the city; the table's notices are PUBLIC ones,
	 * which anyone reads through /notices/{id} and /api/v1/public/notices/{id} too, and their objections list shows a
	 * reader only their own objections; an open volunteer activity recruits volunteers from anywhere (its page and
	 * the page its QR code opens; the sign-up list is shown to the organisers only); a published wish is open to
	 * volunteers of the whole city, and the photo of its delivery goes with it (the beneficiary masked as on the
	 * public wall); a street's excellence award is a city-wide competition whose proposed and final lists are public
	 * notices (ExcellenceAwards.visible).
	 */
	static final Set<String> READ_BY_ALL_SIGNED_IN = Set.of("/volunteers/leaderboard/{communityId}",
			"/api/v1/notices/{id}", "/api/v1/notices/{id}/objections", "/volunteers/activities/{id}",
			"/volunteers/activities/{id}/check-in", "/wishes/{id}/photos/{photoId}", "/api/v1/property/awards/{id}",
			"/property/awards/{id}");

	/**
	 * Open demands are offered to every partner unit of the city, to claim (TwoWayLists.visible); the unit that
	 * claimed one (the table's photo is of a demand gj.hebei delivered) sees its delivery photos.
	 */
	static final Map<String, Set<String>> READ_ACROSS_BY_ROLE = Map.of("gj.hebei",
			Set.of("/api/v1/demands/{id}", "/api/v1/demands/{id}/suggestions", "/matching/demands/{id}",
					"/matching/demands/{id}/photos/{photoId}"));

	/** Callers whose role needs no other person's personal data in full (domain.md section 14). */
	static final Set<String> MASKED = Set.of("anonymous", "jm.caizheng.101", "zy.001", "bm.zhujian", "gj.hebei");

	// not inside a longer run of letters and digits: a survey's hex token (…e18312345678c…) once read as a number
	static final Pattern PHONE = Pattern.compile("(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])");
	static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountManagement accounts;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyEndpointAndPageAnswersEveryRoleAsTheTableSays() throws IOException {
		Map<String, String> targets = Endpoints.read("authorization/targets.tsv");
		Map<String, String> expected = Endpoints.read("authorization/matrix.tsv");
		Map<String, String> in = Endpoints.scope(jdbc, "jm.caizheng.101");
		Map<String, String> out = Endpoints.scope(jdbc, "jm.xinmin.101");
		fixtures();
		names = new ResidentNames(jdbc);
		outStreet = out.get("street");
		Map<String, String> queries = Endpoints.read("authorization/queries.tsv");
		Map<String, String> inValues = Endpoints.queryValues(jdbc, "jm.caizheng.101");
		Map<String, String> outValues = Endpoints.queryValues(jdbc, "jm.xinmin.101");
		Map<String, Caller> callers = new LinkedHashMap<>();
		for (String name : CALLERS) {
			callers.put(name, new Caller(name));
		}

		List<String> missing = new ArrayList<>();
		List<String> differences = new ArrayList<>();
		List<String> leaks = new ArrayList<>();
		List<String> unmasked = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		StringBuilder observed = new StringBuilder("# pattern\t" + String.join("\t", CALLERS) + "\n");
		int requests = 0;
		for (String pattern : Endpoints.patterns(mappings)) {
			String key = Endpoints.targetKey(pattern);
			String inUrl;
			String outUrl;
			if (key == null) {
				inUrl = outUrl = Endpoints.url(pattern, List.of());
			}
			else {
				String sql = targets.get(key);
				if (sql == null) {
					missing.add(pattern + " (no target in targets.tsv for " + key + ")");
					continue;
				}
				inUrl = Endpoints.target(jdbc, pattern, sql, in);
				outUrl = Endpoints.target(jdbc, pattern, sql, out);
			}
			String query = queries.get(pattern);
			boolean twoPlaces = key != null || query != null;
			if (query != null) {
				inUrl = inUrl == null ? null : inUrl + "?" + Endpoints.query(query, inValues);
				outUrl = outUrl == null ? null : outUrl + "?" + Endpoints.query(query, outValues);
			}
			List<String> cells = new ArrayList<>();
			String anonymousIn = null;
			for (Caller caller : callers.values()) {
				String a = inUrl == null ? "-" : caller.call(inUrl, false, unmasked, errors);
				String b = !twoPlaces ? null : outUrl == null ? "-" : caller.call(outUrl, !outUrl.equals(inUrl), unmasked, errors);
				requests += (inUrl == null ? 0 : 1) + (b == null || outUrl == null ? 0 : 1);
				if (anonymousIn == null) {
					anonymousIn = a;
				}
				if (b != null && b.equals("200") && !anonymousIn.equals("200") && !CITY_WIDE.contains(caller.name)
						&& !READ_BY_ALL_SIGNED_IN.contains(pattern)
						&& !READ_ACROSS_BY_ROLE.getOrDefault(caller.name, Set.of()).contains(pattern)
						&& !outUrl.equals(inUrl)) {
					leaks.add(caller.name + " read " + outUrl);
				}
				cells.add(b == null ? a : a + "/" + b);
			}
			if (cells.stream().skip(1).allMatch(c -> c.equals("400") || c.equals("400/400"))) {
				missing.add(pattern + " (every caller gets 400: give its query parameters in queries.tsv)");
			}
			String row = String.join("\t", cells);
			observed.append(pattern).append('\t').append(row).append('\n');
			String want = expected.get(pattern);
			if (want == null) {
				missing.add(pattern);
			}
			else if (!same(want, row)) {
				differences.add(pattern + "\n  expected " + want + "\n  observed " + row);
			}
		}
		Path file = Path.of("target", "authorization-matrix.tsv");
		Files.writeString(file, observed.toString());
		System.out.printf("Authorization matrix: %d GET patterns, %d callers, %d requests; observed table in %s%n",
				Endpoints.patterns(mappings).size(), CALLERS.size(), requests, file);

		boolean record = Boolean.getBoolean("xingfu.matrix.record");
		if (record) {
			missing.forEach(m -> System.out.println("missing: " + m));
			differences.forEach(d -> System.out.println("different: " + d));
		}
		org.assertj.core.api.SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(errors).as("5xx answers").isEmpty();
			softly.assertThat(leaks).as("out-of-scope targets read").isEmpty();
			softly.assertThat(unmasked).as("personal data unmasked for a role that does not need it").isEmpty();
			if (!record) {
				softly.assertThat(missing).as("endpoints without a row in authorization/matrix.tsv (see %s)", file)
					.isEmpty();
				softly.assertThat(differences).as("answers different from authorization/matrix.tsv").isEmpty();
			}
		});
	}

	/**
	 * A request, a notice, a wish, a topic, a ballot, a demand, a notice board, a renovation project, a residents' survey of the property service, a consultation meeting,
	 * a volunteer activity, a photo of the request and the street's weekly report in 财政小区 and in jm.xinmin.101's compound, made the way their people
	 * make them (and a grid log, a dispute, an environment finding and a fund application in 财政小区), so the table's answers for them do not depend on the tests that ran before this one (targets.tsv
	 * picks them by title). The city admin stands in for the staff of 新民社区, which has no demo account.
	 */
	private void fixtures() throws IOException {
		ApiClient api = new ApiClient(port);
		String admin = api.token("admin");
		for (String resident : List.of("jm.caizheng.101", "jm.xinmin.101")) {
			boolean here = resident.equals("jm.caizheng.101");
			String token = api.token(resident);
			String staff = here ? api.token("sq.nongchang") : admin;
			record Home(long household, long person) {
			}
			Home home = jdbc.sql("select r.household_id, a.person_id from idn_account a"
					+ " join org_residency r on r.person_id = a.person_id where a.username = ? order by r.id limit 1")
				.param(resident).query((rs, i) -> new Home(rs.getLong(1), rs.getLong(2))).single();
			String compoundPath = Endpoints.scope(jdbc, resident).get("compound");
			long compound = Long.parseLong(compoundPath.replaceAll(".*/(\\d+)/$", "$1"));
			String homePath = jdbc.sql("select path from org_node where id = ?").param(home.household())
				.query(String.class).single();
			long building = Long.parseLong(homePath.substring(1).split("/")[4]);
			ApiClient.Response request = api.post("/api/v1/requests", token, ApiClient.json(Map.of("category",
					"PROPERTY_REPAIR", "title", "矩阵测试：楼道灯不亮", "description", "一楼楼道灯不亮，晚上看不见台阶。",
					"urgency", "GENERAL")));
			created(request);
			created(api.upload("/api/v1/requests/" + request.json().get("id").asLong() + "/photos", token, "door.png",
					Endpoints.png()));
			ApiClient.Response topic = api.post("/api/v1/topics", token, ApiClient.json(Map.of("title",
					"矩阵测试：增设充电桩", "description", "楼道里充电有火灾隐患，建议在小区东门增设充电桩")));
			created(topic);
			// a consultation meeting on that topic, with three residents of the compound on its committee
			long topicId = topic.json().get("id").asLong();
			assertThat(api.post("/api/v1/topics/" + topicId + "/accept", staff, "{}").status()).isEqualTo(200);
			created(api.post("/api/v1/notices", staff, ApiClient.json(Map.of("nodeId", compound, "scope", "PUBLIC",
					"type", "FUND", "title", "矩阵测试：电梯维修资金使用公示", "body", "1号楼电梯更换，预算 128,000.00 元。",
					"endsAt", java.time.Instant.now().plus(java.time.Duration.ofDays(12)).toString()))));
			created(api.post("/api/v1/wishes", staff, ApiClient.json(Map.of("householdId", home.household(),
					"beneficiaryPersonId", home.person(), "title", "矩阵测试：一台收音机", "description", "收音机坏了，想听戏。",
					"valueYuan", "50"))));
			java.time.Instant now = java.time.Instant.now();
			created(api.post("/api/v1/ballots", staff, ApiClient.json(Map.of("compoundId", compound, "buildingIds",
					List.of(building), "matter", "FUND_USE", "question", "矩阵测试：是否动用维修资金更换电梯？", "opensAt",
					now.toString(), "closesAt", now.plus(java.time.Duration.ofHours(2)).toString()))));
			created(api.post("/api/v1/demands", staff, ApiClient.json(Map.of("nodeId", compound, "category", "ELDERLY",
					"title", "矩阵测试：为高龄老人理发", "description", "小区 80 岁以上老人 12 位，行动不便", "wantedBy",
					java.time.LocalDate.now().plusWeeks(3).toString(), "beneficiaries", 12))));
			created(api.post("/api/v1/boards", staff, ApiClient.json(Map.of("compoundId", compound, "name",
					"矩阵测试：1号楼公示栏", "place", "1号楼东侧单元门旁"))));
			List<Long> committee = jdbc.sql("select person_id from (select distinct r.person_id from org_residency r"
					+ " join org_node n on n.id = r.household_id where n.path like ? || '%') p"
					+ " order by person_id = ? desc, person_id limit 3")
				.params(compoundPath, home.person()).query(Long.class).list();
			created(api.post("/api/v1/meetings", staff, ApiClient.json(Map.of("compoundId", compound, "title",
					"矩阵测试：居民议事会", "place", "社区党群服务中心二楼", "startsAt",
					java.time.Instant.now().plus(java.time.Duration.ofMinutes(30)).toString(), "topicIds",
					List.of(topicId), "committee", committee))));
			// a volunteer activity of the community, made on its page as staff make it
			PageSession organiser = new PageSession(port);
			organiser.login(here ? "sq.nongchang" : "admin", ApiClient.PASSWORD);
			String community = Endpoints.scope(jdbc, resident).get("community").replaceAll(".*/(\\d+)/$", "$1");
			HttpResponse<String> activity = organiser.postPage("/volunteers/activities/new", "communityId=" + community
					+ "&title=" + enc("矩阵测试：义务理发") + "&description=" + enc("为高龄老人上门理发") + "&place="
					+ enc("社区活动室") + "&startsAt=" + java.time.LocalDateTime.now().plusDays(3).withNano(0).withSecond(0)
						.toString().substring(0, 16)
					+ "&hours=2&capacity=20");
			assertThat(activity.statusCode()).as(activity.body()).isEqualTo(302);
			// the street's weekly report of a week no other test uses, made on demand as its admin does
			PageSession reporter = new PageSession(port);
			reporter.login(here ? "jd.hebei" : "admin", ApiClient.PASSWORD);
			assertThat(reporter.postPage("/dashboard/weekly", "nodeId="
					+ Endpoints.scope(jdbc, resident).get("street").replaceAll(".*/(\\d+)/$", "$1") + "&day=2025-01-08")
				.statusCode())
				.isEqualTo(302);
			// a period no other test uses: a compound has one survey a period
			created(api.post("/api/v1/property/surveys", staff, ApiClient.json(Map.of("compoundId", compound, "period",
					"2024-Q1", "closesOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(14)
						.toString()))));
			long street = Long.parseLong(homePath.substring(1).split("/")[1]);
			created(api.post("/api/v1/renovation/projects", here ? api.token("jd.hebei") : admin, ApiClient.json(Map.of(
					"nodeId", street, "name", "矩阵测试：老旧小区改造", "year", 2026, "compoundIds", List.of(compound),
					"buildings", 6, "floorAreaM2", new java.math.BigDecimal("21600.50"), "budgetCents", 380_000_000L))));
			// 新民社区 and 岭西街道 have no demo accounts for their staff: the city admin opens accounts for people who
			// hold those roles in the demo city, as it would for new staff
			String grid = api.token(here ? "wg.nongchang.1" : opened("GRID_HEAD", building, "wg.xinmin.m"));
			String communityStaff = api.token(here ? "sq.nongchang" : opened("COMMUNITY_STAFF", building, "sq.xinmin.m"));
			String streetAdmin = api.token(here ? "jd.hebei" : opened("STREET_ADMIN", building, "jd.lingxi.m"));
			laterFixtures(api, here, resident, token, grid, communityStaff, streetAdmin, compound, building, home.household(),
					homePath);
			{
				created(api.post("/api/v1/grid/logs", grid, ApiClient.json(Map.of("nodeId", home.household(), "kind",
						"CONDITIONS", "note", "矩阵测试：入户走访，老人身体尚可。"))));
				created(api.post("/api/v1/grid/disputes", grid, ApiClient.json(Map.of("nodeId", home.household(),
						"title", "矩阵测试：楼上漏水纠纷", "kind", "NEIGHBOUR", "parties", "101室、201室住户"))));
				created(api.post("/api/v1/grid/inspections", grid, ApiClient.json(Map.of("nodeId", building, "kind",
						"CROPS_ON_GREEN", "place", "矩阵测试：南侧绿地", "note", "绿地被开垦种菜约20平方米。", "deadline",
						java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(7).toString()))));
				created(api.post("/api/v1/fund/applications", here ? api.token("wy.guoxin") : communityStaff, ApiClient.json(Map.of(
						"compoundId", compound, "hazard", "ELEVATOR", "buildingIds", List.of(building), "scope",
						"矩阵测试：电梯曳引机钢丝绳断股，已下达停用通知。", "plan", "更换曳引钢丝绳及导向轮，检测合格后恢复运行。",
						"budgetCents", 100, "contractor", "公主岭市安达电梯维修有限公司"))));
			}
		}
	}

	/**
	 * The username of an account for the person who holds {@code role} over {@code building} (its grid, community
	 * or street), opened by the city admin the first time and given the demo password as its first sign-in would.
	 */
	private String opened(String role, long building, String username) {
		String buildingPath = jdbc.sql("select path from org_node where id = ?").param(building).query(String.class)
			.single();
		long person = jdbc.sql("""
				select ra.person_id from org_role_assignment ra join org_node n on n.id = ra.node_id
				 where ra.role = ? and ? like n.path || '%'
				   and (ra.grid_id is null or ra.grid_id in (select grid_id from org_grid_building where building_id = ?))
				 order by ra.person_id limit 1""").params(role, buildingPath, building).query(Long.class).single();
		java.util.Optional<String> existing = jdbc.sql("select username from idn_account where person_id = ?")
			.param(person).query(String.class).optional();
		if (existing.isPresent()) {
			return existing.get();
		}
		org.xingfu.shared.Actor admin = accounts.actorOf("admin").orElseThrow();
		accounts.openAccount(admin, person, username);
		// the demo's password, which the password rules refuse to anyone choosing it: set as the demo loader sets it
		jdbc.sql("update idn_account set password_hash = ?, must_change_password = false, password_expires_at = null "
				+ "where username = ?").params(accounts.hash(ApiClient.PASSWORD), username).update();
		return username;
	}

	/**
	 * The records that come later in a case's life, in both places: a photo on a grid log, a notice with an
	 * attachment, a wish fulfilled and confirmed (its photo, the claimant's points and notification: the claimant is
	 * the resident, a party member), a demand delivered with a photo by the partner unit, a fund application's
	 * evidence, the street's excellence award of a year no other test uses, a welfare team with a member, a campaign
	 * with a site and a dispatch, and the street's assistance check of a list from another city.
	 */
	private void laterFixtures(ApiClient api, boolean here, String resident, String residentToken, String grid,
			String community, String streetAdmin, long compound, long building, long household, String homePath)
			throws IOException {
		long communityId = Long.parseLong(homePath.substring(1).split("/")[2]);
		long street = Long.parseLong(homePath.substring(1).split("/")[1]);
		java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
		created(api.multipart("/api/v1/grid/logs", grid, Map.of("nodeId", String.valueOf(household), "kind",
				"CONDITIONS", "note", "矩阵测试：楼道堆物已清理，附照片。"), "photos", Map.of("stairs.png", Endpoints.png())));
		created(api.multipart("/api/v1/notices", community, Map.of("nodeId", String.valueOf(compound), "scope",
				"PUBLIC", "type", "RESIDENTS", "title", "矩阵测试：停水通知", "body", "因管道维修，周三上午停水。", "endsAt",
				java.time.Instant.now().plus(java.time.Duration.ofDays(5)).toString()), "files",
				Map.of("map.png", Endpoints.png())));

		// a wish for a neighbour, claimed and fulfilled by the resident, confirmed by the community
		record Person(long household, long person) {
		}
		Person neighbour = jdbc.sql("""
				select r.household_id, r.person_id from org_residency r join org_node n on n.id = r.household_id
				 where n.path like (select path from org_node where id = ?) || '%' and r.household_id <> ?
				 order by r.person_id limit 1""").params(compound, household)
			.query((rs, i) -> new Person(rs.getLong(1), rs.getLong(2))).single();
		long wish = createdJson(api.post("/api/v1/wishes", community, ApiClient.json(Map.of("householdId", neighbour.household(),
				"beneficiaryPersonId", neighbour.person(), "title", "矩阵测试：一副老花镜", "description", "看报纸看不清。",
				"valueYuan", "30")))).get("id").asLong();
		assertThat(api.post("/api/v1/wishes/" + wish + "/verify", community, "{}").status()).isEqualTo(200);
		jdbc.sql("update org_person set party_member = true where id = (select person_id from idn_account where username = ?)")
			.param(resident).update();
		ApiClient.Response claim = api.post("/api/v1/wishes/" + wish + "/claim", residentToken, "{}");
		assertThat(claim.status()).as(claim.body()).isEqualTo(200);
		created(api.upload("/api/v1/wishes/" + wish + "/photos", residentToken, "glasses.png", Endpoints.png()));
		assertThat(api.post("/api/v1/wishes/" + wish + "/fulfil", residentToken,
				ApiClient.json(Map.of("note", "已送到"))).status()).isEqualTo(200);
		assertThat(api.post("/api/v1/wishes/" + wish + "/confirm", community,
				ApiClient.json(Map.of("thanks", "谢谢"))).status()).isEqualTo(200);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql("""
				select count(*) from ntf_notification n join idn_account a on a.person_id = n.person_id
				 where a.username = ? and n.kind = 'WISH_CONFIRMED'""").param(resident).query(Long.class).single() > 0
				&& jdbc.sql("select count(*) from vol_points where username = ? and note = '矩阵测试：一副老花镜'")
					.param(resident).query(Long.class).single() > 0);

		// a demand claimed by the partner unit and delivered with a photo on its page
		String unit = api.token("gj.hebei");
		long demand = createdJson(api.post("/api/v1/demands", community, ApiClient.json(Map.of("nodeId", compound, "category",
				"ELDERLY", "title", "矩阵测试：上门量血压", "description", "高龄老人每月量一次血压", "wantedBy",
				today.plusWeeks(2).toString(), "beneficiaries", 5)))).get("demand").get("id").asLong();
		ApiClient.Response claimed = api.post("/api/v1/demands/" + demand + "/claim", unit, "{}");
		assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
		PageSession partner = new PageSession(port);
		partner.login("gj.hebei", ApiClient.PASSWORD);
		String boundary = "matrix" + System.nanoTime();
		java.io.ByteArrayOutputStream form = new java.io.ByteArrayOutputStream();
		java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
		form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n已量血压\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"bp.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n").getBytes(utf8));
		form.writeBytes(Endpoints.png());
		form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
		assertThat(partner.postBody("/matching/demands/" + demand + "/deliver", "multipart/form-data; boundary="
				+ boundary, form.toByteArray()).statusCode()).isEqualTo(302);
		assertThat(jdbc.sql("select count(*) from mtc_photo where demand_id = ?").param(demand).query(Long.class)
			.single()).isEqualTo(1);

		// the fund application's evidence, by its applicant
		String applicant = here ? api.token("wy.guoxin") : community;
		long application = createdJson(api.post("/api/v1/fund/applications", applicant, ApiClient.json(Map.of("compoundId",
				compound, "hazard", "ROOF_LEAK", "buildingIds", List.of(building), "scope", "矩阵测试：屋面防水层破损漏雨。",
				"plan", "铺设防水卷材。", "budgetCents", 100, "contractor", "公主岭市防水工程有限公司")))).get("application").get("id")
			.asLong();
		created(api.upload("/api/v1/fund/applications/" + application + "/evidence", applicant, "roof.png", Endpoints.png()));

		// the street's excellence award, and a welfare team with a member
		created(api.post("/api/v1/property/awards", streetAdmin, ApiClient.json(Map.of("nodeId", street, "year", 2019,
				"title", "矩阵测试：物业服务优秀项目"))));
		long backstop = jdbc.sql("select id from org_property_company where state_owned order by id limit 1")
			.query(Long.class).single();
		ApiClient.Response team = api.post("/api/v1/property/welfare-teams", community, ApiClient.json(Map.of(
				"communityId", communityId, "name", "矩阵测试：公益物业队", "backstopCompanyId", backstop, "compoundIds",
				List.of(compound))));
		created(team);
		assertThat(api.post("/api/v1/property/welfare-teams/" + team.json().get("team").get("id").asLong() + "/members",
				community, ApiClient.json(Map.of("personId", neighbour.person(), "title", "保洁员", "stipendCentsPerDuty",
						3000))).status()).isLessThan(300);

		// a campaign of the compound with a site and a dispatch to its grid workers
		Map<String, Object> campaign = new LinkedHashMap<>();
		campaign.put("name", "矩阵测试：冬季流感疫苗接种");
		campaign.put("kind", "VACCINATION");
		campaign.put("nodeIds", List.of(compound));
		campaign.put("startsAt", java.time.Instant.now().minus(java.time.Duration.ofHours(1)).toString());
		campaign.put("endsAt", java.time.Instant.now().plus(java.time.Duration.ofHours(8)).toString());
		ApiClient.Response made = api.post("/api/v1/campaigns", community, ApiClient.json(campaign));
		created(made);
		long campaignId = made.json().get("campaign").get("id").asLong();
		created(api.post("/api/v1/campaigns/" + campaignId + "/sites", community, ApiClient.json(Map.of("name",
				"矩阵测试：1号楼前接种点", "nodeId", compound))));
		created(api.post("/api/v1/campaigns/" + campaignId + "/dispatches", community, ApiClient.json(Map.of("nodeId",
				compound, "message", "矩阵测试：请通知未接种的老人。"))));

		// the street's assistance check of a list from another city, one line in this compound
		String compoundName = jdbc.sql("select name from org_node where id = ?").param(compound).query(String.class)
			.single();
		java.io.ByteArrayOutputStream sheet = new java.io.ByteArrayOutputStream();
		org.dhatim.fastexcel.Workbook workbook = new org.dhatim.fastexcel.Workbook(sheet, "test", "1.0");
		org.dhatim.fastexcel.Worksheet ws = workbook.newWorksheet("协查");
		String[] line = { "姓名", "身份证号", "联系电话", "地址", "赵矩阵", "220381199001011234", "13900001111",
				compoundName + "1号楼1单元101" };
		for (int i = 0; i < line.length; i++) {
			ws.value(i / 4, i % 4, line[i]);
		}
		workbook.finish();
		created(api.multipart("/api/v1/assistance-checks", streetAdmin, Map.of("nodeId", String.valueOf(street), "name",
				"矩阵测试：外市协查", "deadline", java.time.Instant.now().plus(java.time.Duration.ofDays(2)).toString()),
				"file", Map.of("list.xlsx", sheet.toByteArray())));
	}


	private static String enc(String s) {
		return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static tools.jackson.databind.JsonNode createdJson(ApiClient.Response r) {
		created(r);
		return r.json();
	}

	private static void created(ApiClient.Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(201);
	}

	/** The rule on names finds a resident's full name in a page, and not a staff member's or a masked one. */
	@Test
	void theNameRuleFindsAResidentsNameOnly() {
		ResidentNames names = new ResidentNames(jdbc);
		String resident = names.homes.keySet().stream().filter(n -> n.length() == 3).sorted().findFirst().orElseThrow();
		String staff = jdbc.sql("""
				select p.name from org_person p join org_role_assignment ra on ra.person_id = p.id
				 where length(p.name) = 3 order by p.id limit 1""").query(String.class).single();
		assertThat(names.in("<td>业主：" + resident + "</td>")).containsExactly(resident);
		assertThat(names.in("<td>网格员：" + staff + "</td>")).isEmpty();
		assertThat(names.in("<td>业主：" + org.xingfu.shared.Masking.name(resident) + "</td>")).isEmpty();
		assertThat(names.livesOnlyUnder(resident, "/no-such-path/")).isFalse();
	}

	/**
	 * Every change (POST, PUT, PATCH, DELETE) of the API and the pages, without an account: the API answers 401,
	 * a page form (with a valid CSRF token of an anonymous session) redirects to the sign-in page. Known public
	 * writes are listed with their reason.
	 */
	@Test
	void everyChangeNeedsAnAccount() {
		Map<String, String> publicWrites = Map.of(
				"/api/v1/auth/token", "signing in",
				"/api/v1/auth/password", "a new password for a one-time one: the account's current password is the key",
				"/open311/v2/requests.{format}", "Open311 clients authenticate with their api_key, checked inside (403)",
				"/preferences/elder-mode", "长辈模式 is a display choice for this phone, a visitor's too (a cookie only)");
		ApiClient api = new ApiClient(port);
		PageSession anonymous = new PageSession(port);
		List<String> wrong = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<org.springframework.web.servlet.mvc.method.RequestMappingInfo, ?> e : mappings.getHandlerMethods()
			.entrySet()) {
			Set<org.springframework.web.bind.annotation.RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
			if (methods.isEmpty() || methods.contains(org.springframework.web.bind.annotation.RequestMethod.GET)) {
				continue;
			}
			for (String pattern : e.getKey().getPatternValues()) {
				if (publicWrites.containsKey(pattern) || pattern.equals("/error")) {
					continue;
				}
				String url = Endpoints.VARIABLE.matcher(pattern.replace("{format}", "json")).replaceAll("1");
				for (org.springframework.web.bind.annotation.RequestMethod method : methods) {
					checked++;
					if (url.startsWith("/api/") || url.startsWith("/open311/")) {
						ApiClient.Response r = api.request(method.name(), url, null, "application/json", "{}");
						if (r.status() != 401) {
							wrong.add(method + " " + url + " → " + r.status());
						}
					}
					else {
						HttpResponse<String> r = anonymous.postPage(url, "x=1");
						String location = r.headers().firstValue("Location").orElse("");
						if (!(r.statusCode() == 302 && location.contains("/login"))) {
							wrong.add(method + " " + url + " → " + r.statusCode() + " " + location);
						}
					}
				}
			}
		}
		System.out.printf("Changes without an account: %d checked%n", checked);
		assertThat(checked).isGreaterThan(150);
		assertThat(wrong).as("changes that did not ask for an account").isEmpty();
	}

	/**
	 * Every change of the API that names its target in the path (accept, resolve, claim, vote, approve, edit,
	 * delete ...) on targets in 财政小区, as the accounts whose scope lies elsewhere: the street admin of 岭东街道, the
	 * staff of 朝阳社区 (the same street, another community) and a resident of 新民社区, each with an empty body and
	 * with a plausible one built from the operation's schema in the OpenAPI document (so that checking the body
	 * first does not hide the scope). Never a 2xx and never a row changed. Creating (no target in the path) is
	 * covered by the fuzzing and the module tests.
	 */
	@Test
	void changesOutOfScopeAreRefused() throws IOException {
		Map<String, String> targets = Endpoints.read("authorization/targets.tsv");
		Map<String, String> in = Endpoints.scope(jdbc, "jm.caizheng.101");
		List<String> outsiders = List.of("jd.lingdong", "sq.chaoyang", "jm.xinmin.101");
		ApiClient api = new ApiClient(port);
		Map<String, String> tokens = new LinkedHashMap<>();
		outsiders.forEach(c -> tokens.put(c, api.token(c)));
		tools.jackson.databind.JsonNode doc = tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree(api.get("/api/v1/openapi", api.token("admin")).body());
		Map<String, tools.jackson.databind.JsonNode> operationsByPath = new HashMap<>();
		doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(
				o -> operationsByPath.put(o.getKey().toUpperCase() + " " + Endpoints.VARIABLE.matcher(p.getKey()).replaceAll("{}"),
						o.getValue())));
		Map<String, Long> before = Endpoints.rowCounts(jdbc, "%");
		List<String> accepted = new ArrayList<>();
		Map<Integer, Integer> answers = new java.util.TreeMap<>();
		Set<String> operations = new java.util.TreeSet<>();
		for (Map.Entry<org.springframework.web.servlet.mvc.method.RequestMappingInfo, ?> e : mappings.getHandlerMethods()
			.entrySet()) {
			for (String pattern : e.getKey().getPatternValues()) {
				String key = Endpoints.targetKey(pattern);
				if (!pattern.startsWith("/api/") || key == null || !targets.containsKey(key)) {
					continue;
				}
				String url = Endpoints.target(jdbc, pattern, targets.get(key), in);
				for (org.springframework.web.bind.annotation.RequestMethod method : e.getKey().getMethodsCondition()
					.getMethods()) {
					if (method == org.springframework.web.bind.annotation.RequestMethod.GET || url == null) {
						continue;
					}
					operations.add(method + " " + pattern);
					tools.jackson.databind.JsonNode op = operationsByPath
						.get(method + " " + Endpoints.VARIABLE.matcher(pattern).replaceAll("{}"));
					String plausible = op == null ? "{}" : PlausibleBody.of(op, doc);
					for (String caller : outsiders) {
						for (String body : new java.util.LinkedHashSet<>(List.of("{}", plausible))) {
							ApiClient.Response r = api.request(method.name(), url, tokens.get(caller), "application/json", body);
							answers.merge(r.status(), 1, Integer::sum);
							if (r.status() < 300 || r.status() >= 500) {
								accepted.add(caller + " " + method + " " + url + " " + body + " → " + r.status());
							}
						}
					}
				}
			}
		}
		System.out.printf("Changes out of scope: %d operations × %d accounts, answers %s%n", operations.size(),
				outsiders.size(), answers);
		assertThat(operations.size()).as("operations with a target").isGreaterThan(5);
		assertThat(accepted).as("changes out of scope not refused").isEmpty();
		assertThat(Endpoints.rowCounts(jdbc, "%")).as("row counts").isEqualTo(before);
	}

	/** A cell "-" means no target of that kind exists in the demo data; any answer is then accepted. */
	private static boolean same(String want, String row) {
		String[] w = want.split("\t");
		String[] r = row.split("\t");
		if (w.length != r.length) {
			return false;
		}
		for (int i = 0; i < w.length; i++) {
			String[] wc = w[i].split("/");
			String[] rc = r[i].split("/");
			if (wc.length != rc.length) {
				return false;
			}
			for (int j = 0; j < wc.length; j++) {
				// an empty list and a list with items are the same answer: which one depends on what other tests made
				String w1 = wc[j].equals("empty") ? "200" : wc[j];
				String r1 = rc[j].equals("empty") ? "200" : rc[j];
				if (!w1.equals("-") && !r1.equals("-") && !w1.equals(r1)) {
					return false;
				}
			}
		}
		return true;
	}

	/** The street out of scope (岭西街道), set when the table is checked. */
	String outStreet;

	/** The residents' names of the demo city, read when the table is checked. */
	ResidentNames names;

	/**
	 * Residents' full names (people who hold no role: staff names are shown on boards and in the handling of cases)
	 * with the households they live in, and the special-care labels. A name shared with a staff member is left
	 * out, as it cannot be told apart.
	 */
	static final class ResidentNames {

		static final Pattern HAN = Pattern.compile("\\p{IsHan}{2,}");

		final Map<String, Set<String>> homes = new HashMap<>();

		/** Names shown by design: staff (role holders) and account holders, skipped when they start a name. */
		final Set<String> shown = new java.util.HashSet<>();

		final List<String> careLabels;

		final List<String> careCodes;

		ResidentNames(JdbcClient jdbc) {
			jdbc.sql("""
					select p.name, n.path from org_person p join org_residency r on r.person_id = p.id
					  join org_node n on n.id = r.household_id
					 where p.name not in (select p2.name from org_person p2 join org_role_assignment ra on ra.person_id = p2.id)
					   and p.name not in (select display_name from idn_account)""")
				.query((rs, i) -> homes.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>())
					.add(rs.getString(2)))
				.list();
			shown.addAll(jdbc.sql("""
					select p.name from org_person p join org_role_assignment ra on ra.person_id = p.id
					union select display_name from idn_account""").query(String.class).list());
			careLabels = jdbc.sql("select name_zh from grd_care_category").query(String.class).list();
			careCodes = jdbc.sql("select code from grd_care_category").query(String.class).list();
		}

		/**
		 * The residents' full names in a text: at each place the longest name that starts there, unless that is the
		 * name of a staff member or an account (董兰 is not read in 董兰亮).
		 */
		Set<String> in(String body) {
			Set<String> found = new java.util.LinkedHashSet<>();
			Matcher m = HAN.matcher(body);
			while (m.find()) {
				String run = m.group();
				int i = 0;
				while (i < run.length() - 1) {
					int step = 1;
					for (int len = Math.min(4, run.length() - i); len >= 2; len--) {
						String candidate = run.substring(i, i + len);
						if (shown.contains(candidate)) {
							step = len;
							break;
						}
						if (homes.containsKey(candidate)) {
							found.add(candidate);
							step = len;
							break;
						}
					}
					i += step;
				}
			}
			return found;
		}

		boolean livesOnlyUnder(String name, String path) {
			return homes.getOrDefault(name, Set.of()).stream().allMatch(h -> h.startsWith(path));
		}
	}

	/** One column of the table: the API with a bearer token, pages with a signed-in session. */
	final class Caller {

		final String name;
		final ApiClient api = new ApiClient(port);
		final PageSession pages = new PageSession(port);
		final String token;
		final Set<String> own = new java.util.HashSet<>();

		Caller(String name) {
			this.name = name;
			if (name.equals("anonymous")) {
				token = null;
			}
			else {
				token = api.token(name);
				pages.login(name, ApiClient.PASSWORD);
				jdbc.sql("select p.phone, p.id_number from org_person p join idn_account a on a.person_id = p.id"
						+ " where a.username = ?").param(name).query((rs, i) -> {
							own.add(String.valueOf(rs.getString(1)));
							own.add(String.valueOf(rs.getString(2)));
							return null;
						}).list();
			}
		}

		/**
		 * The full names of residents this caller may see: their own household's, and the beneficiaries of wishes
		 * they claimed.
		 */
		Set<String> allowedNames() {
			if (allowedNames == null) {
				allowedNames = new java.util.HashSet<>(jdbc.sql("""
						select p.name from org_person p join org_residency r on r.person_id = p.id
						 where r.household_id in (select r2.household_id from org_residency r2
						  join idn_account a on a.person_id = r2.person_id where a.username = ?)
						union select w.beneficiary_name from wsh_wish w join wsh_claim c on c.wish_id = w.id
						 where c.claimant_username = ?""").params(name, name).query(String.class).list());
			}
			return allowedNames;
		}

		Set<String> allowedNames;

		/** A volunteer who claimed a wish sees the beneficiary's phone, to bring it (WishQueries). */
		boolean deliveringTo(String phone) {
			return jdbc.sql("select count(*) from wsh_wish w join wsh_claim c on c.wish_id = w.id"
					+ " where c.claimant_username = ? and w.beneficiary_phone = ?")
				.params(name, phone).query(Long.class).single() > 0;
		}

		String call(String url, boolean outOfScope, List<String> unmasked, List<String> errors) {
			int status;
			String type;
			String body;
			String location = "";
			if (url.startsWith("/api/") || url.startsWith("/open311/")) {
				ApiClient.Response r = api.get(url, token);
				status = r.status();
				type = r.contentType();
				body = r.body();
			}
			else {
				HttpResponse<String> r = pages.page(url);
				status = r.statusCode();
				type = r.headers().firstValue("Content-Type").orElse("");
				body = r.body();
				location = r.headers().firstValue("Location").orElse("");
			}
			if (status >= 500) {
				errors.add(name + " " + url + " → " + status);
			}
			if (status / 100 == 2 && MASKED.contains(name) && (type.contains("json") || type.contains("html")
					|| type.contains("xml") || type.contains("text"))) {
				for (Pattern personal : List.of(PHONE, ID_NUMBER)) {
					Matcher m = personal.matcher(body);
					while (m.find()) {
						if (!own.contains(m.group()) && !deliveringTo(m.group())) {
							unmasked.add(name + " " + url + " shows " + m.group().substring(0, 3) + "…");
							break;
						}
					}
				}
			}
			boolean text = type.contains("json") || type.contains("html") || type.contains("xml") || type.contains("text");
			if (status / 100 == 2 && text && MASKED.contains(name)) {
				// a resident's name in full, other than the caller's household's or a beneficiary they deliver to
				for (String full : names.in(body)) {
					if (!allowedNames().contains(full)) {
						unmasked.add(name + " " + url + " shows the name " + full.charAt(0) + "*");
						break;
					}
				}
				// a special-care status is read by the governance roles only: its code anywhere, or its label (独居老人,
				// 残疾人 ...) on a page. The catalogue of the categories names nobody; a wish's description, written by
				// staff to be published on the wall with the beneficiary masked, may say 独居老人.
				for (String care : names.careCodes) {
					if (body.contains(care) && !url.equals("/api/v1/grid/care-categories")) {
						unmasked.add(name + " " + url + " shows the special-care status " + care);
						break;
					}
				}
				for (String care : names.careLabels) {
					if (type.contains("html") && body.contains(care) && !url.startsWith("/wall/")
							&& !url.startsWith("/wishes")) {
						unmasked.add(name + " " + url + " shows the special-care status " + care);
						break;
					}
				}
			}
			else if (status / 100 == 2 && text && outOfScope && !CITY_WIDE.contains(name)) {
				// what a staff member may read elsewhere by design (a leaderboard, an activity) names nobody there
				for (String full : names.in(body)) {
					if (names.livesOnlyUnder(full, outStreet)) {
						unmasked.add(name + " " + url + " shows the name " + full.charAt(0) + "* of a resident out of scope");
						break;
					}
				}
			}
			if (status / 100 == 2 && type.contains("json") && body.strip().equals("[]")) {
				return "empty";
			}
			return status / 100 == 2 ? "200"
					: status / 100 == 3 ? (location.contains("/login") ? "login" : "302") : String.valueOf(status);
		}
	}
}
