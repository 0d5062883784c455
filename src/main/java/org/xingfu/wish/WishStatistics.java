package org.xingfu.wish;

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
 * Wish figures: wishes collected in the period, and of those the ones fulfilled (fulfilled or confirmed) and the
 * fulfilment rate; the wishes waiting on the wall now.
 */
@Component
class WishStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	WishStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?),
				       count(*) filter (where posted_at >= ? and posted_at < ? and status <> 'DECLINED'),
				       count(*) filter (where fulfilled_at >= ? and fulfilled_at < ? and status in ('FULFILLED', 'CONFIRMED')),
				       count(*) filter (where posted_at >= ? and posted_at < ? and status in ('FULFILLED', 'CONFIRMED')),
				       count(*) filter (where status in ('PUBLISHED', 'CLAIMED'))
				  from wsh_wish where node_path >= ? and node_path < ? group by 1""")
			.params(scope.childPart(), Timestamp.from(scope.from()), Timestamp.from(scope.to()), Timestamp.from(scope.from()),
					Timestamp.from(scope.to()), Timestamp.from(scope.from()), Timestamp.from(scope.to()), scope.path(),
					scope.upper()), "wish.collected", "wish.fulfilled", "fulfilledOfCollected", "wish.waiting");
		return book.count("wish.collected", "/wishes")
			.count("wish.fulfilled", "/wishes?status=FULFILLED")
			.percent("wish.fulfilmentRate", "fulfilledOfCollected", "wish.collected", "/wishes")
			.count("wish.waiting", "/wishes?status=PUBLISHED")
			.build();
	}

	@Override
	public boolean hasTrend() {
		return true;
	}
}
