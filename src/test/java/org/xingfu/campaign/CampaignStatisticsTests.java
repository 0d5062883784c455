package org.xingfu.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.XingfuTest;
import org.xingfu.shared.Figure;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.StatisticsScope;

/** The dashboards' campaign figures come from the tallies per compound and agree with the targets themselves. */
@XingfuTest
class CampaignStatisticsTests {

	@Autowired
	CampaignTallies tallies;

	@Autowired
	CampaignStatistics statistics;

	@Autowired
	JdbcClient jdbc;

	@Test
	void coverageFromTheTalliesMatchesTheTargets() {
		// the demo's running campaign: some done, the rest pending
		jdbc.sql("""
				update cmp_target set status = 'DONE', recorded_by = 'test', recorded_at = now()
				 where campaign_id = (select min(id) from cmp_campaign) and subject_id % 4 = 0""").update();
		try {
			check();
		}
		finally {
			// other tests count the demo campaign: leave it as it was
			jdbc.sql("update cmp_target set status = 'PENDING', recorded_by = null, recorded_at = null where recorded_by = 'test'")
				.update();
			tallies.refreshAll();
		}
	}

	private void check() {
		tallies.refreshAll();
		String street = jdbc.sql("select path from org_node where name = '河北街道'").query(String.class).single();
		long streetId = jdbc.sql("select id from org_node where name = '河北街道'").query(Long.class).single();
		long[] expected = jdbc.sql("""
				select count(*), count(*) filter (where t.status = 'DONE') from cmp_target t join cmp_campaign c on c.id = t.campaign_id
				 where c.starts_at <= now() and c.ends_at > now() and t.node_path >= ? and t.node_path < ?""")
			.params(street, street + "~").query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }).single();
		assertThat(expected[0]).isPositive();
		List<Figure> figures = statistics.figures(new StatisticsScope(streetId, street, NodeType.STREET,
				Instant.now().minusSeconds(86400), Instant.now())).get(streetId);
		Figure coverage = figures.stream().filter(f -> f.code().equals("campaign.coverage")).findFirst().orElseThrow();
		assertThat(coverage.value()).isEqualByComparingTo(BigDecimal.valueOf(expected[1] * 1000 / expected[0])
			.add(BigDecimal.valueOf(expected[1] * 1000 % expected[0] * 2 >= expected[0] ? 1 : 0)).movePointLeft(1));
		// a second refresh changes nothing
		tallies.refreshAll();
		assertThat(statistics.figures(new StatisticsScope(streetId, street, NodeType.STREET, Instant.now().minusSeconds(86400),
				Instant.now())).get(streetId)).isEqualTo(figures);
	}
}
