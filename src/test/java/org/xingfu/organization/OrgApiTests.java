package org.xingfu.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/** Building a compound through the API, and every way of getting it wrong. */
@XingfuTest
class OrgApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient api;
	long nongchang;
	long chaoyang;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port);
		nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		chaoyang = jdbc.sql("select id from org_node where name = '朝阳社区'").query(Long.class).single();
	}

	@Test
	void communityStaffBuildsACompoundDownToAnOwner() {
		String token = api.token("sq.nongchang");
		ApiClient.Response compound = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", nongchang, "type", "COMPOUND", "name", "测试新建小区")));
		assertThat(compound.status()).isEqualTo(201);
		long compoundId = compound.json().get("id").asLong();
		long building = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", compoundId, "type", "BUILDING", "name", "1号楼"))).json().get("id").asLong();
		long unit = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", building, "type", "UNIT", "name", "1单元"))).json().get("id").asLong();
		ApiClient.Response household = api.post("/api/v1/org/households", token,
				ApiClient.json(Map.of("unitId", unit, "room", "101", "areaM2", "88.25")));
		assertThat(household.status()).isEqualTo(201);
		long householdId = household.json().get("id").asLong();
		ApiClient.Response owner = api.post("/api/v1/org/households/" + householdId + "/owners", token,
				ApiClient.json(Map.of("name", "测试业主", "phone", "13900001111", "sharePct", "100")));
		assertThat(owner.status()).isEqualTo(201);

		JsonNode node = api.get("/api/v1/org/nodes/" + compoundId, token).json();
		assertThat(node.get("households").asLong()).isEqualTo(1);
		assertThat(node.get("residents").asLong()).isEqualTo(1);
		assertThat(jdbc.sql("select area_m2::text from org_household where node_id = ?").param(householdId)
			.query(String.class).single()).isEqualTo("88.25");
	}

	@Test
	void outOfScopeParentIs404AndNothingIsStored() {
		long before = count();
		ApiClient.Response r = api.post("/api/v1/org/nodes", api.token("sq.nongchang"),
				ApiClient.json(Map.of("parentId", chaoyang, "type", "COMPOUND", "name", "越权小区")));
		assertThat(r.status()).isEqualTo(404);
		assertThat(count()).isEqualTo(before);
	}

	@Test
	void readOnlyRoleInScopeIs403() {
		long building = jdbc.sql("""
				select b.id from org_node b join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and b.name = '1号楼'""").query(Long.class).single();
		ApiClient.Response r = api.post("/api/v1/org/nodes", api.token("ld.caizheng.1"),
				ApiClient.json(Map.of("parentId", building, "type", "UNIT", "name", "9单元")));
		assertThat(r.status()).isEqualTo(403);
		assertThat(r.contentType()).startsWith("application/problem+json");
	}

	@Test
	void badInputIs400NamingTheFieldsAndWrongLevelOrDuplicateIs409() {
		String token = api.token("sq.nongchang");
		long before = count();
		ApiClient.Response blank = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", nongchang, "type", "COMPOUND", "name", " ")));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.json().get("invalidFields").get(0).get("field").asString()).isEqualTo("name");
		assertThat(blank.json().get("invalidFields").get(0).get("message").asString()).isEqualTo("此项必填。");

		ApiClient.Response longName = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", nongchang, "type", "COMPOUND", "name", "长".repeat(101))));
		assertThat(longName.status()).isEqualTo(400);

		assertThat(api.post("/api/v1/org/nodes", token,
				"{\"parentId\":\"abc\",\"type\":\"COMPOUND\",\"name\":\"x\"}").status()).isEqualTo(400);
		assertThat(api.post("/api/v1/org/nodes", token,
				"{\"parentId\":1,\"type\":\"PALACE\",\"name\":\"x\"}").status()).isEqualTo(400);
		assertThat(api.get("/api/v1/org/nodes/abc", token).status()).isEqualTo(400);
		assertThat(api.get("/api/v1/org/nodes/" + nongchang + "/children?size=100000", token).status()).isEqualTo(400);
		assertThat(api.get("/api/v1/org/nodes/" + nongchang + "/children?page=-1", token).status()).isEqualTo(400);

		ApiClient.Response wrongLevel = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", nongchang, "type", "UNIT", "name", "错层单元")));
		assertThat(wrongLevel.status()).isEqualTo(409);
		ApiClient.Response duplicate = api.post("/api/v1/org/nodes", token,
				ApiClient.json(Map.of("parentId", nongchang, "type", "COMPOUND", "name", "财政小区")));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().get("detail").asString()).contains("财政小区");

		long unit = jdbc.sql("""
				select u.id from org_node u join org_node b on b.id = u.parent_id join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and b.name = '1号楼' and u.name = '1单元'""").query(Long.class).single();
		assertThat(api.post("/api/v1/org/households", token,
				ApiClient.json(Map.of("unitId", unit, "room", "9901", "areaM2", "-3"))).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/org/households", token,
				ApiClient.json(Map.of("unitId", unit, "room", "9901", "areaM2", "12.345"))).status()).isEqualTo(400);
		long household = jdbc.sql("select id from org_node where parent_id = ? and name = '101'").param(unit)
			.query(Long.class).single();
		ApiClient.Response phone = api.post("/api/v1/org/households/" + household + "/owners", token,
				ApiClient.json(Map.of("name", "某人", "phone", "12345")));
		assertThat(phone.status()).isEqualTo(400);
		assertThat(phone.json().get("invalidFields").get(0).get("message").asString()).contains("11 位手机号");
		assertThat(count()).isEqualTo(before);
	}

	private long count() {
		return jdbc.sql("select (select count(*) from org_node) + (select count(*) from org_person)").query(Long.class)
			.single();
	}
}
