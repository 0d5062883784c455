package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;
import org.xingfu.notification.Inbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization matrix of changes: every change of the API that names its target in the path, sent by every
 * demo role on a target in 财政小区 (or its community and street) made for the purpose, with a body that passes the
 * operation's schema. The answers are compared with the table {@code authorization/changes.tsv}; an operation
 * added later without a row fails this test. A target is made again after every change that was accepted, so each
 * answer is that of the role on a target in its first state. Out of scope and without an account, changes are
 * checked by {@link AuthorizationMatrixTests}. After a run the observed table is in
 * {@code target/change-matrix.tsv}; {@code -Dxingfu.matrix.record=true} prints the differences instead of failing.
 */
@XingfuTest
class ChangeMatrixTests {

	/** The columns of the table: one demo account per role. */
	static final List<String> CALLERS = AuthorizationMatrixTests.CALLERS.subList(1,
			AuthorizationMatrixTests.CALLERS.size());

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Inbox inbox;

	@Autowired
	org.xingfu.identity.AccountManagement accounts;

	@Autowired
	org.xingfu.organization.OrganizationDirectory directory;

	private final java.util.concurrent.atomic.AtomicInteger accountHolders = new java.util.concurrent.atomic.AtomicInteger();

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	ApiClient api;

	final Map<String, String> tokens = new HashMap<>();

	long compound;

	long building;

	long community;

	long street;

	long household;

	long resident;

	/** An open request of 财政小区 that duplicates are merged into. */
	long openRequest;

	/** Survey periods: a compound has one survey a period, so every survey made here has its own. */
	final AtomicInteger periods = new AtomicInteger();

	@Test
	void everyChangeAnswersEveryRoleAsTheTableSays() throws IOException {
		api = new ApiClient(port);
		CALLERS.forEach(c -> tokens.put(c, api.token(c)));
		place();
		Map<String, Supplier<List<Object>>> targets = targets();
		openRequest = (Long) targets.get("/api/v1/requests/{}").get().getFirst();
		Map<String, String> expected = Endpoints.read("authorization/changes.tsv");
		JsonNode doc = JsonMapper.builder().build().readTree(api.get("/api/v1/openapi", token("admin")).body());

		StringBuilder observed = new StringBuilder("# operation\t" + String.join("\t", CALLERS) + "\n");
		List<String> missing = new ArrayList<>();
		List<String> differences = new ArrayList<>();
		Map<String, Integer> answers = new TreeMap<>();
		int calls = 0;
		for (String operation : operations()) {
			String method = operation.substring(0, operation.indexOf(' '));
			String pattern = operation.substring(operation.indexOf(' ') + 1);
			Supplier<List<Object>> target = targets.get(Endpoints.targetKey(pattern));
			List<String> cells = new ArrayList<>();
			if (target == null) {
				CALLERS.forEach(c -> cells.add("-"));
			}
			else {
				JsonNode path = doc.get("paths").get(pattern);
				JsonNode op = path == null ? null : path.get(method.toLowerCase());
				boolean multipart = op != null && op.has("requestBody")
						&& op.get("requestBody").get("content").has("multipart/form-data");
				String body = inScope(op == null ? "{}" : PlausibleBody.of(op, doc));
				List<Object> ids = target.get();
				for (String caller : CALLERS) {
					String url = url(pattern, ids);
					ApiClient.Response r = multipart ? api.upload(url, token(caller), "photo.png", Endpoints.png())
							: api.request(method, url, token(caller), "application/json", body);
					calls++;
					String cell = r.status() / 100 == 2 ? "200" : String.valueOf(r.status());
					answers.merge(cell, 1, Integer::sum);
					cells.add(cell);
					if (r.status() / 100 == 2) {
						ids = target.get();
					}
				}
			}
			String row = String.join("\t", cells);
			observed.append(operation).append('\t').append(row).append('\n');
			String want = expected.get(operation);
			if (want == null) {
				missing.add(operation);
			}
			else if (!want.equals(row)) {
				differences.add(operation + "\n  expected " + want + "\n  observed " + row);
			}
		}
		Path file = Path.of("target", "change-matrix.tsv");
		Files.writeString(file, observed.toString());
		System.out.printf("Change matrix: %d operations, %d callers, %d calls, answers %s; observed table in %s%n",
				operations().size(), CALLERS.size(), calls, answers, file);
		if (Boolean.getBoolean("xingfu.matrix.record")) {
			missing.forEach(m -> System.out.println("missing: " + m));
			differences.forEach(d -> System.out.println("different: " + d));
			return;
		}
		org.assertj.core.api.SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(missing).as("changes without a row in authorization/changes.tsv (see %s)", file).isEmpty();
			softly.assertThat(differences).as("answers different from authorization/changes.tsv").isEmpty();
		});
	}

	/** POST, PUT, PATCH and DELETE operations of the API with a target in their path, sorted. */
	private Set<String> operations() {
		Set<String> operations = new java.util.TreeSet<>();
		for (Map.Entry<RequestMappingInfo, ?> e : mappings.getHandlerMethods().entrySet()) {
			for (String pattern : e.getKey().getPatternValues()) {
				if (!pattern.startsWith("/api/") || Endpoints.targetKey(pattern) == null) {
					continue;
				}
				for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
					if (method != RequestMethod.GET) {
						operations.add(method + " " + pattern);
					}
				}
			}
		}
		return operations;
	}

	/**
	 * The plausible body with the ids it names (1 for any number) replaced by nodes and people of 财政小区, so that an
	 * answer is about the target and the role, not about a node 1 elsewhere.
	 */
	private String inScope(String body) {
		Map<String, Long> ids = Map.of("nodeId", compound, "compoundId", compound, "buildingId", building,
				"householdId", household, "personId", resident, "communityId", community, "streetId", street);
		// a duplicate is merged into an open request of the compound; a demand is claimed without naming a resource
		String result = body.replace("\"intoId\":1", "\"intoId\":" + openRequest).replace("\"resourceId\":1",
				"\"resourceId\":null");
		for (Map.Entry<String, Long> e : ids.entrySet()) {
			result = result.replace("\"" + e.getKey() + "\":1,", "\"" + e.getKey() + "\":" + e.getValue() + ",")
				.replace("\"" + e.getKey() + "\":1}", "\"" + e.getKey() + "\":" + e.getValue() + "}")
				.replace("\"" + e.getKey() + "s\":[1]", "\"" + e.getKey() + "s\":[" + e.getValue() + "]");
		}
		return result;
	}

	private static String url(String pattern, List<Object> ids) {
		String url = pattern;
		for (Object id : ids) {
			url = Endpoints.VARIABLE.matcher(url).replaceFirst(String.valueOf(id));
		}
		return url;
	}

	private String token(String caller) {
		return tokens.get(caller);
	}

	/** 财政小区 and the home of jm.caizheng.101 in it. */
	private void place() {
		String[] ids = Endpoints.home(jdbc, "jm.caizheng.101");
		street = Long.parseLong(ids[1]);
		community = Long.parseLong(ids[2]);
		compound = Long.parseLong(ids[3]);
		building = Long.parseLong(ids[4]);
		household = Long.parseLong(ids[ids.length - 1]);
		resident = jdbc.sql("select person_id from idn_account where username = 'jm.caizheng.101'").query(Long.class)
			.single();
	}

	/**
	 * How a new target of each kind is made, as its people make it: the path variables of a target up to the last
	 * one (the keys of targets.tsv). Kinds without a maker here keep "-" cells (see changes.tsv).
	 */
	private Map<String, Supplier<List<Object>>> targets() {
		Map<String, Supplier<List<Object>>> t = new LinkedHashMap<>();
		String staff = token("sq.nongchang");
		String owner = token("jm.caizheng.101");
		t.put("/api/v1/requests/{}", () -> List.of(id(api.post("/api/v1/requests", owner, ApiClient.json(Map.of(
				"category", "PROPERTY_REPAIR", "title", "改动矩阵：单元门禁坏了", "description", "门禁刷卡没反应。",
				"urgency", "GENERAL"))), "id")));
		t.put("/api/v1/topics/{}", () -> List.of(topic(owner)));
		// a resident of 财政小区 whose account staff have just opened (issue 24: reset, disable, enable)
		t.put("/api/v1/people/{}", () -> {
			long person = jdbc.sql("""
					select p.id from org_person p join org_residency r on r.person_id = p.id
					  join org_node h on h.id = r.household_id
					 where h.path like (select path from org_node where id = ?) || '%'
					   and not exists (select 1 from idn_account a where a.person_id = p.id)
					 order by p.id offset 40 limit 1""").param(compound).query(Long.class).single();
			accounts.openAccount(org.xingfu.TestActors.of(jdbc, directory, "sq.nongchang"), person,
					"matrix.account." + accountHolders.incrementAndGet());
			return List.of(person);
		});
		t.put("/api/v1/meetings/{}", () -> {
			long topic = topic(owner);
			assertThat(api.post("/api/v1/topics/" + topic + "/accept", staff, "{}").status()).isEqualTo(200);
			return List.of(id(api.post("/api/v1/meetings", staff, ApiClient.json(Map.of("compoundId", compound,
					"title", "改动矩阵：议事会", "place", "社区二楼", "startsAt", Instant.now().plus(Duration.ofMinutes(30))
						.toString(), "topicIds", List.of(topic), "committee", List.of(resident)))), "id"));
		});
		t.put("/api/v1/notices/{}", () -> List.of(notice(staff)));
		t.put("/api/v1/notices/{}/objections/{}", () -> {
			long notice = notice(staff);
			return List.of(notice, id(api.post("/api/v1/notices/" + notice + "/objections", owner,
					ApiClient.json(Map.of("text", "预算偏高。"))), "id"));
		});
		t.put("/api/v1/wishes/{}", () -> List.of(id(api.post("/api/v1/wishes", staff, ApiClient.json(Map.of(
				"householdId", household, "beneficiaryPersonId", resident, "title", "改动矩阵：一把雨伞", "description",
				"出门买菜没有伞。", "valueYuan", "20"))), "id")));
		t.put("/api/v1/ballots/{}", () -> List.of(id(api.post("/api/v1/ballots", staff, ApiClient.json(Map.of(
				"compoundId", compound, "buildingIds", List.of(building), "matter", "FUND_USE", "question",
				"改动矩阵：是否维修屋面？", "opensAt", Instant.now().toString(), "closesAt",
				Instant.now().plus(Duration.ofHours(2)).toString()))), "id")));
		t.put("/api/v1/demands/{}", () -> List.of(api.post("/api/v1/demands", staff, ApiClient.json(Map.of("nodeId",
				compound, "category", "ELDERLY", "title", "改动矩阵：上门理发", "description", "老人行动不便", "wantedBy",
				LocalDate.now(CHINA).plusWeeks(3).toString(), "beneficiaries", 3))).json().get("demand").get("id")
			.asLong()));
		t.put("/api/v1/renovation/projects/{}", () -> List.of(id(api.post("/api/v1/renovation/projects",
				token("jd.hebei"), ApiClient.json(Map.of("nodeId", street, "name", "改动矩阵：老旧小区改造", "year", 2026,
						"compoundIds", List.of(compound), "buildings", 2, "floorAreaM2", new java.math.BigDecimal("5000"),
						"budgetCents", 1_000_000L))), "id")));
		t.put("/api/v1/fund/applications/{}", () -> List.of(api.post("/api/v1/fund/applications", token("wy.guoxin"),
				ApiClient.json(Map.of("compoundId", compound, "hazard", "ELEVATOR", "buildingIds", List.of(building),
						"scope", "改动矩阵：电梯钢丝绳断股。", "plan", "更换钢丝绳。", "budgetCents", 100, "contractor",
						"公主岭市安达电梯维修有限公司")))
			.json().get("application").get("id").asLong()));
		t.put("/api/v1/grid/disputes/{}", () -> List.of(id(api.post("/api/v1/grid/disputes", token("wg.nongchang.1"),
				ApiClient.json(Map.of("nodeId", household, "title", "改动矩阵：噪音纠纷", "kind", "NEIGHBOUR", "parties",
						"101室、201室"))), "id")));
		t.put("/api/v1/grid/inspections/{}", () -> List.of(id(api.post("/api/v1/grid/inspections",
				token("wg.nongchang.1"), ApiClient.json(Map.of("nodeId", building, "kind", "CROPS_ON_GREEN", "place",
						"改动矩阵：北侧绿地", "note", "种菜。", "deadline", LocalDate.now(CHINA).plusDays(7).toString()))),
				"id")));
		t.put("/api/v1/property/awards/{}", () -> List.of(award()));
		t.put("/api/v1/property/awards/{}/nominations/{}", () -> {
			long award = award();
			return List.of(award, api.post("/api/v1/property/awards/" + award + "/nominations", staff,
					ApiClient.json(Map.of("compoundId", compound, "reason", "报修响应快。"))).json().get("nominations").get(0)
				.get("id").asLong());
		});
		t.put("/api/v1/property/welfare-teams/{}", () -> List.of(api.post("/api/v1/property/welfare-teams", staff,
				ApiClient.json(Map.of("communityId", community, "name", "改动矩阵：公益物业队", "backstopCompanyId",
						jdbc.sql("select id from org_property_company where state_owned order by id limit 1")
							.query(Long.class).single(),
						"compoundIds", List.of(compound))))
			.json().get("team").get("id").asLong()));
		t.put("/api/v1/property/surveys/{}", () -> {
			int n = periods.getAndIncrement();
			return List.of(id(api.post("/api/v1/property/surveys", staff, ApiClient.json(Map.of("compoundId", compound,
					"period", (2030 + n / 4) + "-Q" + (1 + n % 4), "closesOn", LocalDate.now(CHINA).plusDays(14)
						.toString()))), "id"));
		});
		t.put("/api/v1/campaigns/{}", () -> List.of(campaign(staff)));
		t.put("/api/v1/dispatches/{}", () -> List.of(id(api.post("/api/v1/campaigns/" + campaign(staff) + "/dispatches",
				staff, ApiClient.json(Map.of("nodeId", compound, "message", "改动矩阵：请通知老人。"))), "id")));
		t.put("/api/v1/assistance-checks/{}/items/{}", () -> {
			long check = id(api.multipart("/api/v1/assistance-checks", token("jd.hebei"), Map.of("nodeId",
					String.valueOf(street), "name", "改动矩阵：外市协查", "deadline",
					Instant.now().plus(Duration.ofDays(2)).toString()), "file", Map.of("list.xlsx", sheet())), "checkId");
			return List.of(check, jdbc.sql("select id from cmp_assist_item where check_id = ? order by id limit 1")
				.param(check).query(Long.class).single());
		});
		// money and owners of another compound of the community, so that the votes and shares of 财政小区 that other
		// tests count stay as they are
		long other = jdbc.sql("select id from org_node where parent_id = ? and type = 'COMPOUND' and id <> ? order by id limit 1")
			.params(community, compound).query(Long.class).single();
		t.put("/api/v1/fund/accounts/{}", () -> List.of(other));
		t.put("/api/v1/org/households/{}", () -> List.of(jdbc.sql("""
				select h.node_id from org_household h join org_node n on n.id = h.node_id
				 where n.path like (select path from org_node where id = ?) || '%' order by 1 limit 1""").param(other)
			.query(Long.class).single()));
		t.put("/api/v1/notifications/{}", () -> {
			inbox.notify(List.of(resident), "REQUEST_RESOLVED", "/requests/0", "0", "改动矩阵");
			return List.of(jdbc.sql("select max(id) from ntf_notification where person_id = ?").param(resident)
				.query(Long.class).single());
		});
		return t;
	}

	private long topic(String owner) {
		return id(api.post("/api/v1/topics", owner, ApiClient.json(Map.of("title", "改动矩阵：增设晾衣架", "description",
				"小区缺少晾晒被褥的地方，建议在南侧空地增设。"))), "id");
	}

	private long notice(String staff) {
		return id(api.post("/api/v1/notices", staff, ApiClient.json(Map.of("nodeId", compound, "scope", "PUBLIC", "type",
				"FUND", "title", "改动矩阵：维修资金使用公示", "body", "屋面防水维修，预算 8,000.00 元。", "endsAt",
				Instant.now().plus(Duration.ofDays(12)).toString()))), "id");
	}

	private long award() {
		return api.post("/api/v1/property/awards", token("jd.hebei"), ApiClient.json(Map.of("nodeId", street, "year",
				2020, "title", "改动矩阵：物业服务优秀项目"))).json().get("award").get("id").asLong();
	}

	private long campaign(String staff) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "改动矩阵：流感疫苗接种");
		body.put("kind", "VACCINATION");
		body.put("nodeIds", List.of(compound));
		body.put("startsAt", Instant.now().minus(Duration.ofHours(1)).toString());
		body.put("endsAt", Instant.now().plus(Duration.ofHours(8)).toString());
		return api.post("/api/v1/campaigns", staff, ApiClient.json(body)).json().get("campaign").get("id").asLong();
	}

	private static long id(ApiClient.Response r, String field) {
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		JsonNode json = r.json();
		if (json.has(field)) {
			return json.get(field).asLong();
		}
		// a view that wraps the record: {"dispute": {"id": ...}, ...}
		return json.valueStream().filter(v -> v.isObject() && v.has(field)).findFirst().orElseThrow().get(field)
			.asLong();
	}

	/** A list from another city with one line in 财政小区. */
	private static byte[] sheet() {
		try {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			org.dhatim.fastexcel.Workbook workbook = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
			org.dhatim.fastexcel.Worksheet ws = workbook.newWorksheet("协查");
			String[] cells = { "姓名", "身份证号", "联系电话", "地址", "钱改动", "", "", "财政小区1号楼1单元102" };
			for (int i = 0; i < cells.length; i++) {
				if (!cells[i].isEmpty()) {
					ws.value(i / 4, i % 4, cells[i]);
				}
			}
			workbook.finish();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
