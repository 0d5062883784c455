package org.xingfu.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;
import org.xingfu.identity.AccountManagement;

import tools.jackson.databind.JsonNode;

/** Topics: who proposes, residents' support up to the threshold (2 in the tests), the committee's acceptance. */
@XingfuTest
class TopicApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountManagement accounts;

	/** Two more residents of 财政小区 with accounts. */
	List<String> neighbours() {
		List<Long> people = jdbc.sql("""
				select distinct r.person_id from org_residency r join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where name = '财政小区') || '%'
				   and r.person_id not in (select person_id from idn_account where person_id is not null)
				 order by r.person_id limit 2""").query(Long.class).list();
		String[] names = { "ym.caizheng.a", "ym.caizheng.b" };
		for (int i = 0; i < 2; i++) {
			if (accounts.actorOf(names[i]).isEmpty()) {
				accounts.createAccount("test", names[i], accounts.hash(ApiClient.PASSWORD), people.get(i), "邻居" + i);
			}
		}
		return List.of(names);
	}

	@Test
	void residentsSupportATopicOntoTheAgendaAndTheCommitteeMayAcceptOne() {
		ApiClient api = new ApiClient(port);
		List<String> neighbours = neighbours();
		String proposer = api.token("jm.caizheng.101");

		// a missing title is a 400 naming it; another compound is not the resident's to propose for
		ApiClient.Response missing = api.post("/api/v1/topics", proposer, ApiClient.json(Map.of("description", "x")));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("title");
		long xinmin = jdbc.sql("select split_part(path, '/', 5)::bigint from org_node where id = (select r.household_id from org_residency r join idn_account a on a.person_id = r.person_id where a.username = 'jm.xinmin.101' limit 1)")
			.query(Long.class).single();
		assertThat(api.post("/api/v1/topics", proposer, ApiClient.json(Map.of("compoundId", xinmin, "title", "x",
				"description", "y"))).status()).isEqualTo(404);

		ApiClient.Response proposed = api.post("/api/v1/topics", proposer, ApiClient.json(Map.of("title", "增设电动车充电桩",
				"description", "楼道里充电有火灾隐患，建议在小区东门增设充电桩")));
		assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
		long id = proposed.json().get("id").asLong();
		assertThat(proposed.json().get("proposerKind").asString()).isEqualTo("RESIDENT");
		assertThat(proposed.json().get("status").asString()).isEqualTo("PROPOSED");

		// the proposer's own support does not count; staff are not residents; a resident elsewhere does not see it
		assertThat(api.post("/api/v1/topics/" + id + "/support", proposer, "{}").status()).isEqualTo(409);
		assertThat(api.post("/api/v1/topics/" + id + "/support", api.token("sq.nongchang"), "{}").status()).isEqualTo(403);
		assertThat(api.post("/api/v1/topics/" + id + "/support", api.token("jm.xinmin.101"), "{}").status()).isEqualTo(404);

		String first = api.token(neighbours.get(0));
		JsonNode once = api.post("/api/v1/topics/" + id + "/support", first, "{}").json();
		assertThat(once.get("supporters").asInt()).isEqualTo(1);
		assertThat(once.get("status").asString()).isEqualTo("PROPOSED");
		// a neighbour sees what was proposed, not by whom; staff see the proposer
		assertThat(once.get("proposedBy").isNull()).isTrue();
		assertThat(api.get("/api/v1/topics/" + id, api.token("sq.nongchang")).json().get("proposedBy").asString())
			.isEqualTo("jm.caizheng.101");
		assertThat(api.post("/api/v1/topics/" + id + "/support", first, "{}").status()).isEqualTo(409);
		JsonNode twice = api.post("/api/v1/topics/" + id + "/support", api.token(neighbours.get(1)), "{}").json();
		assertThat(twice.get("supporters").asInt()).isEqualTo(2);
		assertThat(twice.get("status").asString()).isEqualTo("AGENDA");
		assertThat(twice.get("agendaReason").asString()).isEqualTo("THRESHOLD");

		// the branch proposes another; the building head cannot accept it, the first secretary can
		JsonNode branch = api.post("/api/v1/topics", api.token("sj.caizheng"), ApiClient.json(Map.of(
				"compoundId", proposed.json().get("compoundId").asLong(), "title", "成立楼道自管小组", "description", "每栋楼推选两名楼道长"))).json();
		assertThat(branch.get("proposerKind").asString()).isEqualTo("BRANCH");
		long b = branch.get("id").asLong();
		assertThat(api.post("/api/v1/topics/" + b + "/accept", api.token("ld.caizheng.1"), "{}").status()).isEqualTo(403);
		JsonNode accepted = api.post("/api/v1/topics/" + b + "/accept", api.token("sj.caizheng"), "{}").json();
		assertThat(accepted.get("agendaReason").asString()).isEqualTo("COMMITTEE");
		assertThat(api.post("/api/v1/topics/" + b + "/accept", api.token("sj.caizheng"), "{}").status()).isEqualTo(409);

		// residents of the compound see its topics; another compound's resident sees none of them
		assertThat(api.get("/api/v1/topics?status=AGENDA", first).body()).contains("增设电动车充电桩").contains("成立楼道自管小组");
		assertThat(api.get("/api/v1/topics", api.token("jm.xinmin.101")).body()).doesNotContain("增设电动车充电桩");
		assertThat(api.get("/api/v1/topics?status=BOGUS", first).status()).isEqualTo(400);
	}
}
