package org.xingfu.organization;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Figure;
import org.xingfu.shared.FigureBook;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.StatisticsScope;

/**
 * The organisation's headline figures (the seed's "sunk cadres, functional branches, alliances"): compounds and
 * households, sunk cadres, functional neighbourhood branches, party-organisation coverage (compounds with their own
 * branch), alliances and partner units. Households come from the cached compound areas, so the city's 360,000 are
 * not counted again on every dashboard.
 */
@Component
class OrganizationStatistics implements NodeStatistics {

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;

	OrganizationStatistics(JdbcClient jdbc, OrganizationDirectory directory) {
		this.jdbc = jdbc;
		this.directory = directory;
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, List<Figure>> figures(StatisticsScope scope) {
		FigureBook book = new FigureBook(scope);
		int part = scope.childPart();
		if (scope.type().ordinal() < NodeType.COMPOUND.ordinal()) {
			for (OrganizationDirectory.CompoundArea a : directory.compoundAreas(scope.path())) {
				String child = a.path().split("/").length > part - 1 ? a.path().split("/")[part - 1] : null;
				book.add(child, "org.compounds", 1);
				book.add(child, "org.households", a.households());
			}
		}
		else {
			book.addRows(jdbc.sql("""
					select split_part(path, '/', ?), count(*) filter (where type = 'COMPOUND'),
					       count(*) filter (where type = 'HOUSEHOLD')
					  from org_node where path >= ? and path < ? and type in ('COMPOUND', 'HOUSEHOLD') group by 1""")
				.params(part, scope.path(), scope.upper()), "org.compounds", "org.households");
		}
		book.addRows(jdbc.sql("""
				select split_part(n.path, '/', ?), count(*) from org_role_assignment r join org_node n on n.id = r.node_id and n.city_id = r.city_id
				 where r.role = 'SUNK_CADRE' and n.path >= ? and n.path < ? group by 1""")
			.params(part, scope.path(), scope.upper()), "org.sunkCadres");
		book.addRows(jdbc.sql("""
				select split_part(n.path, '/', ?), count(*) filter (where p.type = 'FUNCTIONAL_BRANCH'),
				       count(distinct n.id) filter (where p.type = 'COMPOUND_BRANCH' and n.type = 'COMPOUND')
				  from org_party_org p join org_node n on n.id = p.node_id and n.city_id = p.city_id
				 where n.path >= ? and n.path < ? group by 1""")
			.params(part, scope.path(), scope.upper()), "org.functionalBranches", "compoundsWithBranch");
		book.addRows(jdbc.sql("""
				select split_part(n.path, '/', ?), count(distinct a.id), count(u.id)
				  from org_alliance a join org_node n on n.id = a.node_id and n.city_id = a.city_id left join org_partner_unit u on u.alliance_id = a.id and u.city_id = a.city_id
				 where n.path >= ? and n.path < ? group by 1""")
			.params(part, scope.path(), scope.upper()), "org.alliances", "org.partnerUnits");
		return book.count("org.compounds", "/admin/org/nodes/{node}")
			.count("org.households", "/admin/org/nodes/{node}")
			.count("org.sunkCadres", "/admin/org/nodes/{node}")
			.count("org.functionalBranches", "/admin/org/nodes/{node}")
			.percent("org.branchCoverage", "compoundsWithBranch", "org.compounds", "/admin/org/nodes/{node}")
			.count("org.alliances", "/matching/reports")
			.count("org.partnerUnits", "/matching/reports")
			.build();
	}
}
