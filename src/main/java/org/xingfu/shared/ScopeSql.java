package org.xingfu.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the scope predicate every listing query carries: the row's materialised path must lie under one of the
 * actor's scope paths. Written as ranges ({@code path >= '/1/5/' and path < '/1/5/~'}) rather than LIKE so the
 * btree index on the "C"-collated path serves it even with bound parameters.
 */
public final class ScopeSql {

	private ScopeSql() {
	}

	/** A SQL fragment and the named parameters it binds. */
	public record Fragment(String sql, Map<String, Object> params) {
	}

	/**
	 * @param column the path column, e.g. {@code n.path}
	 * @param paths  scope paths; none means nothing is in scope
	 * @param prefix parameter name prefix, unique within the statement
	 */
	public static Fragment within(String column, List<String> paths, String prefix) {
		if (paths.isEmpty()) {
			return new Fragment("false", Map.of());
		}
		StringBuilder sql = new StringBuilder("(");
		Map<String, Object> params = new LinkedHashMap<>();
		for (int i = 0; i < paths.size(); i++) {
			if (i > 0) {
				sql.append(" or ");
			}
			String lo = prefix + "Lo" + i;
			String hi = prefix + "Hi" + i;
			sql.append('(').append(column).append(" >= :").append(lo).append(" and ").append(column).append(" < :")
				.append(hi).append(')');
			params.put(lo, paths.get(i));
			params.put(hi, upperBound(paths.get(i)));
		}
		return new Fragment(sql.append(')').toString(), params);
	}

	/**
	 * The city of a node: the first id of its path ('/1/5/23/' is in city 1). Writers give it with each row, since
	 * every table of a city carries city_id in its keys (V54).
	 */
	public static long cityOf(String path) {
		return Long.parseLong(path.substring(1, path.indexOf('/', 1)));
	}

	/** Every descendant path of {@code path} sorts before this ('~' follows digits and '/' in "C" order). */
	public static String upperBound(String path) {
		return path + "~";
	}
}
