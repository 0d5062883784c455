package org.xingfu.shared;

import java.time.Instant;

/**
 * What a module is asked to count: the node (by id, materialised path and type) and its children, and the period
 * [from, to) for the figures that count events. Snapshot figures (open cases, boards, coverage) ignore the period.
 * Whoever builds a scope has already checked that its reader may see the node's aggregates. {@code periodOnly}
 * asks for the period's figures alone (a month of a trend), so snapshot counts may be skipped.
 */
public record StatisticsScope(long nodeId, String path, NodeType type, Instant from, Instant to, boolean periodOnly) {

	public StatisticsScope(long nodeId, String path, NodeType type, Instant from, Instant to) {
		this(nodeId, path, type, from, to, false);
	}

	/**
	 * The 1-based position of the child's id in a path below this node, for {@code split_part(path, '/', n)}:
	 * '/1/5/' splits into '', '1', '5', '' so a child's id is the fourth part.
	 */
	public int childPart() {
		return path.split("/").length + 1;
	}

	/** The city the node belongs to: the first id of its path (every tree starts at a city). */
	public long cityId() {
		return ScopeSql.cityOf(path);
	}

	/** Every path under this node sorts before this bound ('~' follows digits and '/' in "C" order). */
	public String upper() {
		return ScopeSql.upperBound(path);
	}

	/** The same node for another period, its period figures only (the monthly trends). */
	public StatisticsScope during(Instant from, Instant to) {
		return new StatisticsScope(nodeId, path, type, from, to, true);
	}
}
