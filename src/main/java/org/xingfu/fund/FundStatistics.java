package org.xingfu.fund;

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

/** Maintenance-fund figures: applications filed and approved in the period, the yuan spent from the ledgers in it, and applications waiting for confirmation or approval now. */
@Component
class FundStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	FundStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) filter (where filed_at >= ? and filed_at < ?),
				       count(*) filter (where approved_at >= ? and approved_at < ?),
				       count(*) filter (where status in ('FILED', 'CONFIRMED'))
				  from fund_application where node_path >= ? and node_path < ? group by 1""")
			.params(scope.childPart(), from, to, from, to, scope.path(), scope.upper()), "fund.filed", "fund.approved", "fund.waiting");
		book.addRows(jdbc.sql("""
				select split_part(c.path, '/', ?), -sum(l.amount_cents) / 100.0
				  from fund_ledger l join org_node c on c.id = l.compound_id and c.city_id = l.city_id
				 where c.path >= ? and c.path < ? and l.kind = 'SPENDING' and l.recorded_at >= ? and l.recorded_at < ?
				 group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "fund.spent");
		return book.count("fund.filed", "/fund?nodeId={node}")
			.count("fund.approved", "/fund?nodeId={node}")
			.figure("fund.spent", Figure.Kind.YUAN, "/fund?nodeId={node}")
			.count("fund.waiting", "/fund?nodeId={node}")
			.build();
	}
}
