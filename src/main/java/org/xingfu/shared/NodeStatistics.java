package org.xingfu.shared;

import java.util.List;
import java.util.Map;

/**
 * A module's statistics API for the dashboards and the rating (design.md section 2: a dashboard never joins
 * another module's tables). Each capability that has something to count implements it once; the dashboard and
 * the rating find every implementation, so a new module's figures appear without changing either.
 */
public interface NodeStatistics {

	/**
	 * The figures of the scope's node and of each of its children, counted in one pass (grouped by child), keyed by
	 * node id. A child with nothing to count may be missing: its counts are zero.
	 */
	Map<Long, List<Figure>> figures(StatisticsScope scope);

	/** Whether the figures make sense month by month (the dashboards draw their trend). */
	default boolean hasTrend() {
		return false;
	}

	/**
	 * The node's own period figures for each month [from, to) given, for the trends. By default one call of
	 * {@link #figures} per month; a module with much to count overrides it with one grouped query.
	 */
	default Map<java.time.YearMonth, List<Figure>> monthly(StatisticsScope scope, List<java.time.YearMonth> months,
			java.time.ZoneId zone, java.time.Instant now) {
		Map<java.time.YearMonth, List<Figure>> result = new java.util.LinkedHashMap<>();
		for (java.time.YearMonth m : months) {
			java.time.Instant a = m.atDay(1).atStartOfDay(zone).toInstant();
			java.time.Instant b = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
			if (b.isAfter(now)) {
				b = now;
			}
			if (a.isBefore(b)) {
				result.put(m, figures(scope.during(a, b)).getOrDefault(scope.nodeId(), List.of()));
			}
		}
		return result;
	}
}
