package org.xingfu.grid;

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

/** Grid figures: field logs and disputes of the period with the share of disputes settled (agreed or closed), environment findings open and overdue now, and special-care residents overdue for a visit (a count only). */
@Component
class GridStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	GridStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) from grd_log
				 where node_path >= ? and node_path < ? and logged_at >= ? and logged_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "grid.fieldLogs");
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*), count(*) filter (where status in ('AGREED', 'CLOSED'))
				  from grd_dispute where node_path >= ? and node_path < ? and created_at >= ? and created_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "grid.disputes", "settled");
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*), count(*) filter (where deadline < current_date)
				  from grd_inspection where node_path >= ? and node_path < ? and status <> 'CLOSED' group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper()), "grid.findingsOpen", "grid.findingsOverdue");
		book.addRows(jdbc.sql("""
				select split_part(c.node_path, '/', ?), count(*) from grd_care c
				 where c.node_path >= ? and c.node_path < ? and c.ended_on is null
				   and coalesce((select max(l.logged_at) from grd_log l where l.care_id = c.id and l.city_id = c.city_id), c.since::timestamptz)
				       < now() - c.interval_days * interval '1 day'
				 group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper()), "grid.careOverdue");
		return book.count("grid.fieldLogs", "/grid?nodeId={node}")
			.count("grid.disputes", "/grid?nodeId={node}")
			.percent("grid.disputesSettled", "settled", "grid.disputes", "/grid?nodeId={node}")
			.count("grid.findingsOpen", "/grid?nodeId={node}")
			.count("grid.findingsOverdue", "/grid?nodeId={node}")
			.count("grid.careOverdue", "/grid/care")
			.build();
	}
}
