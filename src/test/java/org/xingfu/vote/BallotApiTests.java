package org.xingfu.vote;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/** Ballots through the API against the demo register: the roll, who may vote how, secrecy until closing, the count. */
@XingfuTest
class BallotApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Map<String, Object> ballot(long compound, List<Long> buildings, String matter, Instant opens, Instant closes) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("compoundId", compound);
		body.put("buildingIds", buildings);
		body.put("matter", matter);
		body.put("question", "是否动用维修资金更换 1 号楼电梯？");
		body.put("opensAt", opens.toString());
		body.put("closesAt", closes.toString());
		return body;
	}

	@Test
	void ownersVoteStaffRecordPaperResultsStayHiddenUntilClosing() {
		ApiClient api = new ApiClient(port);
		String staff = api.token("sq.nongchang");
		String owner = api.token("jm.caizheng.101");
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long building = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound).query(Long.class).single();
		Instant now = Instant.now();

		// closing before opening: 400 naming the field; another community's staff: 404
		ApiClient.Response backwards = api.post("/api/v1/ballots", staff,
				ApiClient.json(ballot(compound, List.of(building), "FUND_USE", now.plus(2, ChronoUnit.HOURS), now)));
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.body()).contains("closesAt");
		assertThat(api.post("/api/v1/ballots", api.token("sq.chaoyang"), ApiClient.json(ballot(compound, List.of(building),
				"FUND_USE", now, now.plus(1, ChronoUnit.HOURS)))).status()).isEqualTo(404);

		ApiClient.Response opened = api.post("/api/v1/ballots", staff, ApiClient.json(ballot(compound, List.of(building),
				"FUND_USE", now.minus(1, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS))));
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		long id = opened.json().get("id").asLong();
		int eligible = opened.json().get("eligibleOwners").asInt();
		assertThat(eligible).isEqualTo(jdbc.sql("select count(distinct owner_key) from vot_roll where ballot_id = ?").param(id)
			.query(Integer.class).single()).isGreaterThan(3);

		// the owner votes, then changes their mind; only the last choice counts
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", owner, ApiClient.json(Map.of("choice", "AGAINST"))).status()).isEqualTo(200);
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", owner, ApiClient.json(Map.of("choice", "FOR"))).status()).isEqualTo(200);
		// not an owner: the compound's first secretary sees the ballot but may not vote, nor record a paper vote
		String grid = api.token("sj.caizheng");
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", grid, ApiClient.json(Map.of("choice", "FOR"))).status()).isEqualTo(403);
		long other = jdbc.sql("""
				select r.household_id from vot_roll r where r.ballot_id = ? and r.owner_key not in
				  (select owner_key from vot_vote where ballot_id = ?) order by r.household_id limit 1""").params(id, id)
			.query(Long.class).single();
		Map<String, Object> paper = Map.of("choice", "FOR", "householdId", other, "paper", true);
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", grid, ApiClient.json(paper)).status()).isEqualTo(403);
		// the owner cannot vote for someone else's household
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", owner, ApiClient.json(Map.of("choice", "FOR", "householdId", other)))
			.status()).isEqualTo(403);
		// a resident of another compound does not see the ballot
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", api.token("jm.xinmin.101"), ApiClient.json(Map.of("choice", "FOR")))
			.status()).isEqualTo(404);
		// staff record a paper ballot for an owner
		JsonNode afterPaper = api.post("/api/v1/ballots/" + id + "/votes", staff, ApiClient.json(paper)).json();
		assertThat(afterPaper.get("participatingOwners").asInt()).isEqualTo(2);
		assertThat(afterPaper.get("votedHouseholds").toString()).contains(String.valueOf(other));
		assertThat(afterPaper.toString()).doesNotContain("FOR").doesNotContain("AGAINST");

		// no result and no early close while owners have yet to vote
		assertThat(api.get("/api/v1/ballots/" + id + "/result", owner).status()).isEqualTo(409);
		assertThat(api.post("/api/v1/ballots/" + id + "/close", staff, "{}").status()).isEqualTo(409);
		// the audit log records the paper vote, never the choice
		assertThat(jdbc.sql("select count(*) from aud_entry where action = 'BALLOT_VOTE_PAPER' and target_id = ? and (detail like '%FOR%' or detail like '%AGAINST%')")
			.param(String.valueOf(id)).query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select count(*) from aud_entry where action = 'BALLOT_VOTE_PAPER' and target_id = ?")
			.param(String.valueOf(id)).query(Long.class).single()).isEqualTo(1);

		// time is up: close and count; 2 owners of many is far from the 2/3 quorum
		jdbc.sql("update vot_ballot set closes_at = now() - interval '1 second' where id = ?").param(id).update();
		assertThat(api.post("/api/v1/ballots/" + id + "/votes", owner, ApiClient.json(Map.of("choice", "AGAINST"))).status()).isEqualTo(409);
		JsonNode result = api.post("/api/v1/ballots/" + id + "/close", staff, "{}").json();
		assertThat(result.get("eligibleOwners").asInt()).isEqualTo(eligible);
		assertThat(result.get("participatingOwners").asInt()).isEqualTo(2);
		assertThat(result.get("forOwners").asInt()).isEqualTo(2);
		assertThat(result.get("quorumMet").asBoolean()).isFalse();
		assertThat(result.get("passed").asBoolean()).isFalse();
		assertThat(result.get("requiredShare").asString()).isEqualTo("1/2");
		assertThat(result.get("reason").asString()).contains("不足三分之二");
		BigDecimal expectedArea = jdbc.sql("select sum(area_m2) from vot_roll where ballot_id = ?").param(id).query(BigDecimal.class).single();
		assertThat(new BigDecimal(result.get("eligibleArea").asString())).isEqualByComparingTo(expectedArea);
		assertThat(api.get("/api/v1/ballots/" + id + "/result", owner).json().get("passed").asBoolean()).isFalse();
		assertThat(api.post("/api/v1/ballots/" + id + "/close", staff, "{}").status()).isEqualTo(409);

		// a ballot that has not opened yet takes no votes
		long later = api.post("/api/v1/ballots", staff, ApiClient.json(ballot(compound, List.of(building), "OTHER",
				now.plus(1, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS)))).json().get("id").asLong();
		assertThat(api.post("/api/v1/ballots/" + later + "/votes", owner, ApiClient.json(Map.of("choice", "FOR"))).status()).isEqualTo(409);
	}

	@Test
	void oneBuyerOfSeveralPartsAndTheDevelopersUnsoldPartsEachCountOnceByHead() {
		ApiClient api = new ApiClient(port);
		// a compound of its own, so the register changes here touch no other test
		long compound = jdbc.sql("""
				select c.id from org_node c where c.type = 'COMPOUND' and c.path like (select path from org_node where name = '新民社区') || '%'
				 order by c.id desc limit 1""").query(Long.class).single();
		String path = jdbc.sql("select path from org_node where id = ?").param(compound).query(String.class).single();
		List<Long> parts = jdbc.sql("""
				select h.node_id from org_household h join org_node n on n.id = h.node_id where n.path like ? || '%'
				   and (select count(*) from org_residency r where r.household_id = h.node_id and r.relation = 'OWNER') = 1
				 order by h.node_id limit 4""").param(path).query(Long.class).list();
		long buyer = jdbc.sql("select person_id from org_residency where household_id = ? and relation = 'OWNER' order by person_id limit 1")
			.param(parts.get(0)).query(Long.class).single();
		// the buyer of part 0 also owns part 1, alone; parts 2 and 3 are the developer's, unsold
		jdbc.sql("delete from org_residency where household_id = ? and relation = 'OWNER'").param(parts.get(1)).update();
		jdbc.sql("insert into org_residency (person_id, household_id, relation, share_pct, city_id) "
				+ "values (?, ?, 'OWNER', 100, (select city_id from org_node where id = ?)) on conflict do nothing")
			.params(buyer, parts.get(1), parts.get(1)).update();
		jdbc.sql("update org_household set developer_held = true where node_id in (?, ?)").params(parts.get(2), parts.get(3)).update();
		int partsInCompound = jdbc.sql("select count(*) from org_household h join org_node n on n.id = h.node_id where n.path like ? || '%'")
			.param(path).query(Integer.class).single();

		Instant now = Instant.now();
		JsonNode opened = api.post("/api/v1/ballots", api.token("admin"), ApiClient.json(ballot(compound, null, "COMMON_USE",
				now.minus(1, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS)))).json();
		long id = opened.get("id").asLong();
		// every part is on the roll by area; by head the buyer's two parts are one owner, the developer's two are one
		assertThat(jdbc.sql("select count(*) from vot_roll where ballot_id = ?").param(id).query(Integer.class).single())
			.isEqualTo(partsInCompound);
		assertThat(opened.get("eligibleOwners").asInt()).isEqualTo(partsInCompound - 2);
		assertThat(jdbc.sql("select owner_key from vot_roll where ballot_id = ? and household_id = ?").params(id, parts.get(1))
			.query(String.class).single()).isEqualTo(String.valueOf(buyer));
		BigDecimal buyerArea = jdbc.sql("select sum(area_m2) from org_household where node_id in (?, ?)")
			.params(parts.get(0), parts.get(1)).query(BigDecimal.class).single();
		assertThat(jdbc.sql("select sum(area_m2) from vot_roll where ballot_id = ? and owner_key = ?").params(id, String.valueOf(buyer))
			.query(BigDecimal.class).single()).isEqualByComparingTo(buyerArea);
	}
}
