package org.xingfu.vote;

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

/** Owners' ballot figures: ballots closed in the period. */
@Component
class VoteStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	VoteStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) from vot_ballot
				 where node_path >= ? and node_path < ? and closed_at >= ? and closed_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "vote.ballotsClosed");
		return book.count("vote.ballotsClosed", "/ballots").build();
	}
}
