package org.xingfu.notice;

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

/** Notice figures: boards with their QR posters, notices first posted in the period, objections filed in it and the share of them answered. */
@Component
class NoticeStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	NoticeStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("select split_part(node_path, '/', ?), count(*) from ntc_board where node_path >= ? and node_path < ? group by 1")
			.params(scope.childPart(), scope.path(), scope.upper()), "notice.boards");
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) from ntc_notice
				 where node_path >= ? and node_path < ? and version = 1 and starts_at >= ? and starts_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "notice.published");
		book.addRows(jdbc.sql("""
				select split_part(n.node_path, '/', ?), count(*), count(o.answered_at)
				  from ntc_objection o join ntc_notice n on n.id = o.notice_id and n.city_id = o.city_id
				 where n.node_path >= ? and n.node_path < ? and o.filed_at >= ? and o.filed_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "notice.objections", "answered");
		return book.count("notice.boards", "/notices/boards?nodeId={node}")
			.count("notice.published", "/notices?nodeId={node}")
			.count("notice.objections", "/notices?nodeId={node}")
			.percent("notice.objectionsAnswered", "answered", "notice.objections", "/notices?nodeId={node}")
			.build();
	}
}
