package org.xingfu.renovation;

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

/** Renovation totals as the seed reports them (all years, counted at the project's node): projects, buildings, floor area, metres of pipe renewed, projects accepted. */
@Component
class RenovationStatistics implements NodeStatistics {

	private final JdbcClient jdbc;

	RenovationStatistics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		Timestamp from = Timestamp.from(scope.from());
		Timestamp to = Timestamp.from(scope.to());
		book.addRows(jdbc.sql("""
				select split_part(p.node_path, '/', ?), count(*), sum(p.buildings), sum(p.floor_area_m2),
				       count(*) filter (where p.status = 'ACCEPTED'),
				       sum((select coalesce(sum(s.done_quantity), 0) from ren_scope_item s
				             where s.project_id = p.id and s.city_id = p.city_id and s.unit = 'M' and s.kind like '%\\_PIPE' escape '\\'))
				  from ren_project p where p.node_path >= ? and p.node_path < ? and p.created_at < ? group by 1""")
			.params(scope.childPart(), scope.path(), scope.upper(), to), "renovation.projects", "renovation.buildings", "renovation.floorArea",
						"renovation.accepted", "renovation.pipeMetres");
		return book.count("renovation.projects", "/renovation?nodeId={node}")
			.count("renovation.buildings", "/renovation?nodeId={node}")
			.figure("renovation.floorArea", Figure.Kind.AREA, "/renovation?nodeId={node}")
			.figure("renovation.pipeMetres", Figure.Kind.METRES, "/renovation?nodeId={node}")
			.count("renovation.accepted", "/renovation?nodeId={node}")
			.build();
	}
}
