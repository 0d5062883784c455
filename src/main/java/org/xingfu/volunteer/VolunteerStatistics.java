package org.xingfu.volunteer;

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

/** Volunteer figures: activities of the period that closed, and the hours served at them by volunteers who checked in. */
@Component
class VolunteerStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	VolunteerStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(a.node_path, '/', ?), count(distinct a.id),
				       coalesce(sum(a.hours) filter (where s.checked_in_at is not null), 0)
				  from vol_activity a left join vol_signup s on s.activity_id = a.id and s.city_id = a.city_id
				 where a.node_path >= ? and a.node_path < ? and a.status = 'CLOSED' and a.starts_at >= ? and a.starts_at < ?
				 group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), from, to), "volunteer.activities", "volunteer.hours");
		return book.count("volunteer.activities", "/volunteers")
			.figure("volunteer.hours", Figure.Kind.COUNT, "/volunteers")
			.build();
	}
}
