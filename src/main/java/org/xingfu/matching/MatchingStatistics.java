package org.xingfu.matching;

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

/** Two-way list figures: demands posted in the period, practical matters (实事) confirmed in it, demands still open. */
@Component
class MatchingStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	MatchingStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) filter (where posted_at >= ? and posted_at < ?),
				       count(*) filter (where status = 'CONFIRMED' and confirmed_at >= ? and confirmed_at < ?),
				       count(*) filter (where status = 'OPEN')
				  from mtc_demand where node_path >= ? and node_path < ? group by 1""")
			.params(scope.childPart(), from, to, from, to, scope.path(), scope.upper()), "matching.demands", "matching.matters", "matching.open");
		return book.count("matching.demands", "/matching?nodeId={node}")
			.count("matching.matters", "/matching/reports")
			.count("matching.open", "/matching?nodeId={node}")
			.build();
	}
}
