package org.xingfu.matching;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.matching.TwoWayLists.Demand;
import org.xingfu.matching.TwoWayLists.Resource;
import org.xingfu.organization.OrganizationDirectory.PartnerUnitRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.PageResult;
import org.xingfu.shared.ScopeSql;

/** Lists, suggestions, ledgers and the monthly and bi-monthly reports of the two-way lists. */
@Service
@Transactional(readOnly = true)
public class MatchingQueries {

	/** A resource suggested for a demand, with why it ranks where it does. */
	public record Suggestion(Resource resource, boolean sameCategory, int areaDepth) {
	}

	/** Practical matters of one unit, or of an alliance in total. */
	public record LedgerLine(long partnerUnitId, String unitName, long matters, long beneficiaries) {
	}

	public record Ledger(long allianceId, String allianceName, List<LedgerLine> units, long matters,
			long beneficiaries) {
	}

	/** One line of a report: demands posted, claimed and completed in the period, for an alliance or a street. */
	public record ReportLine(String name, long posted, long claimed, long completed, long beneficiaries) {
	}

	/** Open demands of one street or community. */
	public record OpenCount(long nodeId, String name, long open, long claimed, long delivered) {
	}

	private final JdbcClient jdbc;
	private final TwoWayLists lists;
	private final OrganizationDirectory directory;

	MatchingQueries(JdbcClient jdbc, TwoWayLists lists, OrganizationDirectory directory) {
		this.jdbc = jdbc;
		this.lists = lists;
		this.directory = directory;
	}

	/** Demands for the actor: those of their area; for a partner unit the open ones and those it claimed. */
	public PageResult<Demand> demands(Actor actor, TwoWayLists.DemandStatus status, int page, int size) {
		ScopeSql.Fragment scope = ScopeSql.within("node_path", actor.scopePaths(), "s");
		Map<String, Object> params = new HashMap<>(scope.params());
		List<Long> units = actor.personId() == null ? List.of()
				: directory.partnerUnitsOf(actor.personId()).stream().map(PartnerUnitRef::id).toList();
		String where = "(" + scope.sql();
		if (!units.isEmpty()) {
			where += " or status = 'OPEN' or partner_unit_id in (:units)";
			params.put("units", units);
		}
		where += ")";
		if (status != null) {
			where += " and status = :status";
			params.put("status", status.name());
		}
		long total = jdbc.sql("select count(*) from mtc_demand where " + where).params(params).query(Long.class).single();
		params.put("limit", size);
		params.put("offset", (long) page * size);
		List<Demand> items = jdbc.sql("select * from mtc_demand where " + where
				+ " order by case status when 'OPEN' then 0 when 'CLAIMED' then 1 when 'DELIVERED' then 2 else 3 end, wanted_by, id limit :limit offset :offset")
			.params(params).query(TwoWayLists::demand).list();
		return new PageResult<>(items, page, size, total);
	}

	/** Valid resources with room left: a unit's own, or for staff those serving their area. */
	public List<Resource> resources(Actor actor) {
		List<Long> units = actor.personId() == null ? List.of()
				: directory.partnerUnitsOf(actor.personId()).stream().map(PartnerUnitRef::id).toList();
		List<Resource> all = jdbc.sql("select * from mtc_resource where valid_until >= ? order by id desc limit 500")
			.param(Date.valueOf(lists.today())).query(TwoWayLists::resource).list();
		return all.stream().filter(r -> units.contains(r.partnerUnitId())
				|| actor.scopePaths().stream().anyMatch(p -> p.startsWith(r.areaPath()) || r.areaPath().startsWith(p)))
			.toList();
	}

	/**
	 * Resources for a demand, best first: the same category before others, then the unit whose area is closest to
	 * the demand (the deepest area that contains it), then the most capacity left. Expired or full ones are left out.
	 */
	public List<Suggestion> suggestions(Actor actor, long demandId) {
		Demand d = lists.visible(actor, demandId);
		List<Resource> candidates = jdbc.sql("""
				select * from mtc_resource
				 where valid_until >= ? and used < capacity and ? like area_path || '%'""")
			.params(Date.valueOf(lists.today()), d.nodePath()).query(TwoWayLists::resource).list();
		return rank(d, candidates);
	}

	static List<Suggestion> rank(Demand d, List<Resource> candidates) {
		List<Suggestion> ranked = new ArrayList<>();
		for (Resource r : candidates) {
			if (d.nodePath().startsWith(r.areaPath())) {
				ranked.add(new Suggestion(r, r.category() == d.category(), r.areaPath().split("/").length - 1));
			}
		}
		ranked.sort((a, b) -> a.sameCategory() != b.sameCategory() ? (a.sameCategory() ? -1 : 1)
				: a.areaDepth() != b.areaDepth() ? Integer.compare(b.areaDepth(), a.areaDepth())
						: Integer.compare(b.resource().remaining(), a.resource().remaining()));
		return ranked.size() > 10 ? ranked.subList(0, 10) : ranked;
	}

	/** Practical matters completed in an area (confirmed demands of its compounds): for staff homes and dashboards. */
	public long mattersWithin(String nodePath) {
		return jdbc.sql("select count(*) from mtc_demand where status = 'CONFIRMED' and node_path >= ? and node_path < ?")
			.params(nodePath, nodePath + "\uffff").query(Long.class).single();
	}

	/** Completed practical matters of an alliance, per unit and in total: for staff of its area and its units. */
	public Ledger ledger(Actor actor, long allianceId) {
		var alliance = directory.alliance(allianceId)
			.filter(a -> actor.canRead(a.nodePath()) || actor.personId() != null && directory
				.partnerUnitsOf(actor.personId()).stream().anyMatch(u -> allianceId == (u.allianceId() == null ? -1 : u.allianceId())))
			.orElseThrow(() -> new NotFoundException("alliance", allianceId));
		Map<Long, long[]> byUnit = new HashMap<>();
		jdbc.sql("""
				select partner_unit_id, count(*), sum(beneficiaries) from mtc_demand
				 where alliance_id = ? and status = 'CONFIRMED' group by partner_unit_id""")
			.param(allianceId)
			.query(rs -> {
				byUnit.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3) });
			});
		List<LedgerLine> lines = alliance.units().stream()
			.map(u -> new LedgerLine(u.id(), u.name(), byUnit.getOrDefault(u.id(), new long[2])[0],
					byUnit.getOrDefault(u.id(), new long[2])[1]))
			.toList();
		return new Ledger(alliance.id(), alliance.name(), lines, lines.stream().mapToLong(LedgerLine::matters).sum(),
				lines.stream().mapToLong(LedgerLine::beneficiaries).sum());
	}

	/** Open, claimed and delivered demands per street (for a city admin) or per community (for a street and below). */
	public List<OpenCount> openByArea(Actor actor) {
		List<OpenCount> result = new ArrayList<>();
		for (var root : directory.scopeRoots(actor)) {
			boolean city = root.type() == org.xingfu.shared.NodeType.CITY;
			String column = city ? "street_id" : "community_id";
			jdbc.sql("select " + column + ", count(*) filter (where status = 'OPEN'), count(*) filter (where status = 'CLAIMED'), "
					+ "count(*) filter (where status = 'DELIVERED') from mtc_demand where node_path >= ? and node_path < ? "
					+ "and status <> 'CONFIRMED' group by 1 order by 1")
				.params(root.path(), root.path() + "\uffff")
				.query(rs -> {
					long id = rs.getLong(1);
					result.add(new OpenCount(id, directory.findNode(id).map(n -> n.name()).orElse("?"), rs.getLong(2),
							rs.getLong(3), rs.getLong(4)));
				});
		}
		return result;
	}

	/** The dispatch list of a month: the demands wanted in that month, to be sent to the units a month ahead. */
	public List<Demand> dispatchList(Actor actor, YearMonth month) {
		ScopeSql.Fragment scope = ScopeSql.within("node_path", actor.scopePaths(), "s");
		Map<String, Object> params = new HashMap<>(scope.params());
		params.put("from", Date.valueOf(month.atDay(1)));
		params.put("to", Date.valueOf(month.plusMonths(1).atDay(1)));
		return jdbc.sql("select * from mtc_demand where " + scope.sql()
				+ " and wanted_by >= :from and wanted_by < :to order by street_id, community_id, wanted_by, id")
			.params(params).query(TwoWayLists::demand).list();
	}

	/**
	 * The bi-monthly circulation report for the two months starting at {@code from}: per alliance and per street
	 * in the actor's area, demands posted, claimed and completed in the period.
	 */
	public Map<String, List<ReportLine>> circulation(Actor actor, YearMonth from) {
		ScopeSql.Fragment scope = ScopeSql.within("node_path", actor.scopePaths(), "s");
		Map<String, Object> params = new HashMap<>(scope.params());
		LocalDate start = from.atDay(1);
		LocalDate end = from.plusMonths(2).atDay(1);
		params.put("from", java.sql.Timestamp.from(start.atStartOfDay(TwoWayLists.CHINA).toInstant()));
		params.put("to", java.sql.Timestamp.from(end.atStartOfDay(TwoWayLists.CHINA).toInstant()));
		String counts = """
				count(*) filter (where posted_at >= :from and posted_at < :to),
				count(*) filter (where claimed_at >= :from and claimed_at < :to),
				count(*) filter (where confirmed_at >= :from and confirmed_at < :to),
				coalesce(sum(beneficiaries) filter (where confirmed_at >= :from and confirmed_at < :to), 0)""";
		List<ReportLine> alliances = jdbc.sql("select coalesce(alliance_name, '—'), " + counts
				+ " from mtc_demand where " + scope.sql() + " and alliance_id is not null group by 1 order by 1")
			.params(params)
			.query((rs, i) -> new ReportLine(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
			.list();
		List<ReportLine> streets = jdbc.sql("select street_id, " + counts + " from mtc_demand where " + scope.sql()
				+ " group by 1 order by 1")
			.params(params)
			.query((rs, i) -> new ReportLine(directory.findNode(rs.getLong(1)).map(n -> n.name()).orElse("?"),
					rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
			.list();
		Map<String, List<ReportLine>> report = new java.util.LinkedHashMap<>();
		report.put("alliance", alliances);
		report.put("street", streets);
		return report;
	}

	/** The circulation report as a workbook with a sheet per grouping; headers in Chinese, as it is circulated. */
	public void writeCirculation(Actor actor, YearMonth from, OutputStream out) throws IOException {
		Map<String, List<ReportLine>> report = circulation(actor, from);
		Workbook workbook = new Workbook(out, "Xingfu", "1.0");
		String period = from + " 至 " + from.plusMonths(1);
		for (var entry : report.entrySet()) {
			Worksheet sheet = workbook.newWorksheet(entry.getKey().equals("alliance") ? "按党建联盟" : "按街道");
			sheet.value(0, 0, "双向清单通报 " + period);
			String[] headers = { entry.getKey().equals("alliance") ? "党建联盟" : "街道", "新增需求", "认领", "完成实事", "受益人数" };
			for (int c = 0; c < headers.length; c++) {
				sheet.value(1, c, headers[c]);
				sheet.style(1, c).bold().set();
				sheet.width(c, c == 0 ? 28 : 10);
			}
			int r = 2;
			for (ReportLine line : entry.getValue()) {
				sheet.value(r, 0, line.name());
				sheet.value(r, 1, line.posted());
				sheet.value(r, 2, line.claimed());
				sheet.value(r, 3, line.completed());
				sheet.value(r, 4, line.beneficiaries());
				r++;
			}
		}
		workbook.finish();
	}
}
