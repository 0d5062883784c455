package org.xingfu.campaign;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Figure;
import org.xingfu.shared.FigureBook;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.StatisticsScope;

/**
 * Campaign figures: campaigns running now, the coverage of their targets (done over all, counted where the people
 * live) and the registrations of app-registration campaigns such as the anti-fraud app (all time); coverage and
 * registrations from the minute's tallies per compound.
 */
@Component
class CampaignStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	CampaignStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		// from the tallies per compound (CampaignTallies, refreshed every minute), not the targets themselves
		book.addRows(jdbc.sql("""
				select split_part(t.compound_path, '/', ?), sum(t.targets), sum(t.done)
				  from cmp_tally t join cmp_campaign c on c.id = t.campaign_id and c.city_id = t.city_id
				 where c.starts_at <= now() and c.ends_at > now() and t.compound_path >= ? and t.compound_path < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper()), "targets", "done");
		book.addRows(jdbc.sql("""
				select split_part(t.compound_path, '/', ?), sum(t.done)
				  from cmp_tally t join cmp_campaign c on c.id = t.campaign_id and c.city_id = t.city_id
				 where c.kind = 'APP_REGISTRATION' and t.compound_path >= ? and t.compound_path < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper()), "campaign.registrations");
		book.addRows(jdbc.sql("""
				select split_part(n.node_path, '/', ?), count(distinct c.id) from cmp_campaign c
				  join cmp_campaign_node n on n.campaign_id = c.id and n.city_id = c.city_id
				 where c.starts_at <= now() and c.ends_at > now() and n.node_path >= ? and n.node_path < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper()), "campaign.running");
		return book.count("campaign.running", "/campaigns")
			.percent("campaign.coverage", "done", "targets", "/campaigns")
			.count("campaign.registrations", "/campaigns")
			.build();
	}
}
