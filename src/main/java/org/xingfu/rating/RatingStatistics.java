package org.xingfu.rating;

import java.time.ZoneId;
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
 * The rating's figures for the dashboards, from the stored results of the year the period ends in: compounds
 * rated, their average total, those with four stars or more, and the final 幸福小区 designations.
 */
@Component
class RatingStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	RatingStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		int year = scope.to().minusSeconds(1).atZone(ZoneId.of("Asia/Shanghai")).getYear();
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*), sum(total), count(*) filter (where stars >= 4)
				  from rtg_result where year = ? and node_path >= ? and node_path < ? group by 1""")
			.params(scope.childPart(), year, scope.path(), scope.upper()), "rating.rated", "totalSum", "rating.fourStars");
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), count(*) from rtg_designation
				 where year = ? and status = 'FINAL' and node_path >= ? and node_path < ? group by 1""")
			.params(scope.childPart(), year, scope.path(), scope.upper()), "rating.designated");
		Map<Long, List<Figure>> figures = book.count("rating.rated", "/ratings?nodeId={node}&year=" + year)
			.count("rating.fourStars", "/ratings?nodeId={node}&year=" + year)
			.count("rating.designated", "/ratings/designations?year=" + year)
			.build();
		// the average is a ratio of two tallies, but not a percent: computed here
		figures.replaceAll((node, list) -> {
			java.math.BigDecimal rated = book.tally(node, "rating.rated");
			java.math.BigDecimal average = rated.signum() == 0 ? null
					: book.tally(node, "totalSum").divide(rated, 1, java.math.RoundingMode.HALF_UP);
			java.util.List<Figure> all = new java.util.ArrayList<>(list);
			all.add(1, new Figure("rating.averageScore", Figure.Kind.SCORE, average, "/ratings?nodeId=" + node + "&year=" + year));
			return List.copyOf(all);
		});
		return figures;
	}
}
