package org.xingfu.deliberation;

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

/** Deliberation figures: topics proposed and meetings decided in the period, and of those the decisions published (公开). */
@Component
class DeliberationStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	DeliberationStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) from dlb_topic
				 where node_path >= ? and node_path < ? and created_at >= ? and created_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "deliberation.topics");
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*), count(*) filter (where status = 'PUBLISHED')
				  from dlb_meeting where node_path >= ? and node_path < ? and decided_at >= ? and decided_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "deliberation.meetings", "published");
		return book.count("deliberation.topics", "/topics")
			.count("deliberation.meetings", "/meetings")
			.percent("deliberation.published", "published", "deliberation.meetings", "/meetings")
			.build();
	}
}
