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
}
