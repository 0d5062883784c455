package org.xingfu.property;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Figure;
import org.xingfu.shared.FigureBook;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.StatisticsScope;

/**
 * Property figures: 物业覆盖率 as {@link PropertyCompanies#coverage} defines it (exclusive area under a current
 * contract over all exclusive area), and the inspections of the period as points won over points possible.
 */
@Component
class PropertyStatistics implements NodeStatistics {

	private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;

	PropertyStatistics(JdbcClient jdbc, OrganizationDirectory directory) {
		this.jdbc = jdbc;
		this.directory = directory;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		int part = scope.childPart();
		LocalDate today = LocalDate.now(SHANGHAI);
		Set<Long> covered = new HashSet<>(jdbc.sql("""
				select distinct compound_id from prop_contract
				 where node_path >= ? and node_path < ? and starts_on <= ? and (ends_on is null or ends_on > ?)""")
			.params(scope.path(), scope.upper(), today, today).query(Long.class).list());
		for (OrganizationDirectory.CompoundArea a : directory.compoundAreas(scope.path())) {
			String[] parts = a.path().split("/");
			String child = parts.length > part - 1 ? parts[part - 1] : null;
			book.add(child, "area", a.area());
			if (covered.contains(a.compoundId())) {
				book.add(child, "served", a.area());
			}
		}
		book.addRows(jdbc.sql("""
				select split_part(node_path, '/', ?), sum(points), sum(max_points) from prop_inspection
				 where node_path >= ? and node_path < ? and inspected_at >= ? and inspected_at < ? group by 1""")
			.params(part, scope.path(), scope.upper(), java.sql.Timestamp.from(scope.from()),
					java.sql.Timestamp.from(scope.to())), "points", "maxPoints");
		return book.percent("property.coverage", "served", "area", "/property?nodeId={node}")
			.percent("property.inspectionScore", "points", "maxPoints", "/property?nodeId={node}")
			.build();
	}
}
