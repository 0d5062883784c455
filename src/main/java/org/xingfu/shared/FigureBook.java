package org.xingfu.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a module's tallies for a {@link StatisticsScope}: every value added for a child also counts for the node
 * itself, so one grouped query gives both. Then turns the tallies into {@link Figure}s, the same list for the node
 * and each child.
 */
public final class FigureBook {

	private record Spec(String code, Figure.Kind kind, String numerator, String denominator, String link) {
	}

	private final StatisticsScope scope;
	private final Map<Long, Map<String, BigDecimal>> tallies = new LinkedHashMap<>();
	private final List<Spec> specs = new ArrayList<>();

	public FigureBook(StatisticsScope scope) {
		this.scope = scope;
		tallies.put(scope.nodeId(), new LinkedHashMap<>());
	}

	/**
	 * Adds {@code value} under {@code key} for the child whose id is {@code child} (as split from a path; blank or
	 * null when the row sits on the node itself) and for the node.
	 */
	public void add(String child, String key, BigDecimal value) {
		if (value == null || value.signum() == 0) {
			return;
		}
		tallies.get(scope.nodeId()).merge(key, value, BigDecimal::add);
		if (child != null && !child.isBlank()) {
			tallies.computeIfAbsent(Long.parseLong(child), k -> new LinkedHashMap<>()).merge(key, value, BigDecimal::add);
		}
	}

	public void add(String child, String key, long value) {
		add(child, key, BigDecimal.valueOf(value));
	}

	/** Adds the columns 2.. of a row whose first column is the child, under the given keys. */
	public void addRow(ResultSet rs, String... keys) throws SQLException {
		String child = rs.getString(1);
		for (int i = 0; i < keys.length; i++) {
			BigDecimal v = rs.getBigDecimal(i + 2);
			add(child, keys[i], v);
		}
	}

	/** Runs a grouped query (child first, then one column per key) and adds every row. */
	public void addRows(org.springframework.jdbc.core.simple.JdbcClient.StatementSpec statement, String... keys) {
		statement.query(rs -> {
			addRow(rs, keys);
		});
	}

	/** A figure that is a tally as it is. {@code link} may hold {@code {node}} for the node id. */
	public FigureBook figure(String code, Figure.Kind kind, String link) {
		specs.add(new Spec(code, kind, code, null, link));
		return this;
	}

	public FigureBook count(String code, String link) {
		return figure(code, Figure.Kind.COUNT, link);
	}

	/** A share in percent of two tallies, null where the denominator is zero. */
	public FigureBook percent(String code, String numerator, String denominator, String link) {
		specs.add(new Spec(code, Figure.Kind.PERCENT, numerator, denominator, link));
		return this;
	}

	public BigDecimal tally(long nodeId, String key) {
		return tallies.getOrDefault(nodeId, Map.of()).getOrDefault(key, BigDecimal.ZERO);
	}

	public Map<Long, List<Figure>> build() {
		Map<Long, List<Figure>> result = new LinkedHashMap<>();
		tallies.forEach((node, values) -> {
			List<Figure> figures = new ArrayList<>(specs.size());
			for (Spec s : specs) {
				BigDecimal n = values.getOrDefault(s.numerator(), BigDecimal.ZERO);
				BigDecimal value = n;
				if (s.denominator() != null) {
					value = percent(n, values.getOrDefault(s.denominator(), BigDecimal.ZERO));
				}
				figures.add(new Figure(s.code(), s.kind(), value,
						s.link() == null ? null : s.link().replace("{node}", String.valueOf(node))));
			}
			result.put(node, List.copyOf(figures));
		});
		return result;
	}

	/** numerator / denominator in percent with one decimal, half up; null for a zero denominator. */
	public static BigDecimal percent(BigDecimal numerator, BigDecimal denominator) {
		if (denominator.signum() == 0) {
			return null;
		}
		return numerator.multiply(BigDecimal.valueOf(100)).divide(denominator, 1, RoundingMode.HALF_UP);
	}
}
