package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

/**
 * The scope rule as a table: each demo account against a set of nodes of the demo city, through the JSON API.
 * "+" is visible (200), "-" is 404, the same answer as for an id that does not exist.
 */
@XingfuTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeTests {

	// columns: city, 岭东街道, 农场社区, 朝阳社区, 财政小区, 财政 1号楼, 财政 1号楼1单元, 财政 101, 新民 first compound, 新民 101
	static final String[] NODES = { "city", "lingdong", "nongchang", "chaoyang", "caizheng", "building1", "unit1",
			"room101", "xinminCompound", "xinmin101" };

	static Stream<Arguments> table() {
		return Stream.of(
				Arguments.of("admin",           "+ + + + + + + + + +"),
				Arguments.of("jd.lingdong",     "- + - - - - - - - -"),
				Arguments.of("sq.nongchang",    "- - + - + + + + - -"),
				Arguments.of("sq.chaoyang",     "- - - + - - - - - -"),
				Arguments.of("sj.caizheng",     "- - - - + + + + - -"),
				Arguments.of("ld.caizheng.1",   "- - - - - + + + - -"),
				Arguments.of("wg.nongchang.1",  "- - - - - + + + - -"),
				Arguments.of("wy.guoxin",       "- - - - + + + + - -"),
				Arguments.of("jm.caizheng.101", "- - - - - - - + - -"),
				Arguments.of("jm.xinmin.101",   "- - - - - - - - - +"),
				Arguments.of("zy.001",          "- - - - - - - - - -"),
				Arguments.of("bm.zhujian",      "+ + + + + + + + + +"),
				Arguments.of("gj.hebei",        "- - - - - - - - - -"));
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	ApiClient api;
	Map<String, Long> ids = new LinkedHashMap<>();

	@BeforeAll
	void findNodes() {
		api = new ApiClient(port);
		ids.put("city", id("select id from org_node where type = 'CITY'"));
		ids.put("lingdong", id("select id from org_node where name = '岭东街道'"));
		ids.put("nongchang", id("select id from org_node where name = '农场社区'"));
		ids.put("chaoyang", id("select id from org_node where name = '朝阳社区'"));
		ids.put("caizheng", id("select id from org_node where name = '财政小区'"));
		ids.put("building1", id("select id from org_node where name = '1号楼' and parent_id = " + ids.get("caizheng")));
		ids.put("unit1", id("select id from org_node where name = '1单元' and parent_id = " + ids.get("building1")));
		ids.put("room101", id("select id from org_node where name = '101' and parent_id = " + ids.get("unit1")));
		ids.put("xinminCompound", id("""
				select c.id from org_node c join org_node m on m.id = c.parent_id
				 where m.name = '新民社区' order by c.id limit 1"""));
		ids.put("xinmin101", id("""
				select h.id from org_node h join org_node u on u.id = h.parent_id join org_node b on b.id = u.parent_id
				 where b.parent_id = %d and b.name = '1号楼' and u.name = '1单元' and h.name = '101'"""
			.formatted(ids.get("xinminCompound"))));
	}

	private long id(String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void eachAccountSeesItsSubtreeOnly(String username, String row) {
		String token = api.token(username);
		List<String> expected = List.of(row.split(" "));
		for (int i = 0; i < NODES.length; i++) {
			ApiClient.Response node = api.get("/api/v1/org/nodes/" + ids.get(NODES[i]), token);
			ApiClient.Response children = api.get("/api/v1/org/nodes/" + ids.get(NODES[i]) + "/children", token);
			int want = expected.get(i).equals("+") ? 200 : 404;
			assertThat(node.status()).as("%s reading %s", username, NODES[i]).isEqualTo(want);
			assertThat(children.status()).as("%s listing %s", username, NODES[i]).isEqualTo(want);
			if (want == 404) {
				assertThat(node.contentType()).startsWith("application/problem+json");
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void unknownIdsAnswerLikeOutOfScopeOnes(String username, String row) {
		assertThat(api.get("/api/v1/org/nodes/999999999", api.token(username)).status()).isEqualTo(404);
	}
}
