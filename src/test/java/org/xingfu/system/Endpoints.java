package org.xingfu.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The application's GET endpoints and pages from Spring's handler mapping, and real URLs for them: path variables
 * bound to targets found by the SQL of {@code authorization/targets.tsv}, in or out of a resident's scope. Shared
 * by the authorization matrix and the page-form fuzzing.
 */
final class Endpoints {

	static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)(:[^}]*)?}");

	private Endpoints() {
	}

	static TreeSet<String> patterns(RequestMappingHandlerMapping mappings) {
		TreeSet<String> patterns = new TreeSet<>();
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
				continue;
			}
			for (String p : info.getPatternValues()) {
				if (!p.startsWith("/api/v1/docs") && !p.startsWith("/api/v1/swagger") && !p.equals("/error")) {
					patterns.add(p);
				}
			}
		}
		return patterns;
	}

	/** The pattern up to its last variable, variables as {}; null without variables. {format} is always json. */
	static String targetKey(String pattern) {
		String p = VARIABLE.matcher(pattern.replace("{format}", "json")).replaceAll("{}");
		int last = p.lastIndexOf("{}");
		return last < 0 ? null : p.substring(0, last + 2);
	}

	static String target(JdbcClient jdbc, String pattern, String sql, Map<String, String> scope) {
		String bound = sql;
		for (Map.Entry<String, String> e : scope.entrySet()) {
			bound = bound.replace(":" + e.getKey(), "'" + e.getValue() + "'");
		}
		List<String> values = jdbc.sql(bound).query((rs, i) -> {
			List<String> row = new ArrayList<>();
			for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
				row.add(rs.getString(c));
			}
			return String.join("\u0001", row);
		}).list().stream().findFirst().map(r -> List.of(r.split("\u0001"))).orElse(null);
		return values == null ? null : url(pattern, values);
	}

	static String url(String pattern, List<String> values) {
		Matcher m = VARIABLE.matcher(pattern.replace("{format}", "json"));
		StringBuilder url = new StringBuilder();
		int i = 0;
		while (m.find()) {
			m.appendReplacement(url, Matcher.quoteReplacement(values.get(i++)));
		}
		m.appendTail(url);
		return url.toString();
	}

	/** The node paths around a resident's home: their compound, community and street, and the account name. */
	static Map<String, String> scope(JdbcClient jdbc, String resident) {
		String[] ids = home(jdbc, resident);
		Map<String, String> scope = new HashMap<>();
		scope.put("street", "/" + ids[0] + "/" + ids[1] + "/");
		scope.put("community", scope.get("street") + ids[2] + "/");
		scope.put("compound", scope.get("community") + ids[3] + "/");
		scope.put("resident", resident);
		return scope;
	}

	/**
	 * The values of the query placeholders of {@code authorization/queries.tsv} for a resident's place: the ids of
	 * their street, community, compound, household and grid, and the check-in code of the test's meeting there.
	 */
	static Map<String, String> queryValues(JdbcClient jdbc, String resident) {
		String[] ids = home(jdbc, resident);
		Map<String, String> values = new LinkedHashMap<>();
		values.put(":streetId", ids[1]);
		values.put(":communityId", ids[2]);
		values.put(":compoundId", ids[3]);
		values.put(":householdId", ids[ids.length - 1]);
		values.put(":gridId", jdbc.sql("select grid_id from org_grid_building where building_id = ?")
			.param(Long.parseLong(ids[4])).query(String.class).optional().orElse("0"));
		values.put(":meetingCode", jdbc.sql("""
				select checkin_token from dlb_meeting where node_path like ? || '%' and title = '矩阵测试：居民议事会'
				 order by id limit 1""").param("/" + String.join("/", ids[0], ids[1], ids[2], ids[3]) + "/")
			.query(String.class).optional().orElse("none"));
		return values;
	}

	/** A query string of {@code authorization/queries.tsv} with its placeholders filled in. */
	static String query(String template, Map<String, String> values) {
		String query = template;
		for (Map.Entry<String, String> v : values.entrySet()) {
			query = query.replace(v.getKey(), v.getValue());
		}
		return query;
	}

	/** The node ids on the path of a resident's (first) household: city, street, community, compound, ... */
	static String[] home(JdbcClient jdbc, String resident) {
		return jdbc.sql("""
				select n.path from idn_account a join org_residency r on r.person_id = a.person_id
				join org_node n on n.id = r.household_id where a.username = ? order by r.id limit 1""")
			.param(resident).query(String.class).single().substring(1).split("/");
	}

	/** A small PNG picture, for uploads. */
	static byte[] png() {
		try {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 30,
					java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, String> read(String resource) throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		try (InputStream stream = Endpoints.class.getClassLoader().getResourceAsStream(resource)) {
			if (stream == null) {
				return rows;
			}
			for (String line : new String(stream.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					int tab = line.indexOf('\t');
					rows.put(line.substring(0, tab), line.substring(tab + 1).strip());
				}
			}
		}
		return rows;
	}

	/**
	 * Row counts of the tables whose name is LIKE {@code pattern}, without those that scheduled jobs, event
	 * listeners and page views write at any moment (the audit of views among them).
	 */
	static Map<String, Long> rowCounts(JdbcClient jdbc, String pattern) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String table : jdbc.sql("""
				select tablename from pg_tables where schemaname = 'public'
				   and tablename not in ('aud_entry', 'event_publication', 'idn_token', 'flyway_schema_history',
				                         'ntf_notification', 'rtg_result', 'cmp_tally', 'req_rates_daily', 'req_rates_rollup',
				                         'cmp_code_secret',
				                         -- written by scheduled jobs and event listeners of earlier tests at any moment
				                         'req_event', 'rtg_month', 'dsh_report', 'vot_roll', 'ntc_notice', 'vol_points',
				                         -- page sessions (a signed-in caller's, also when refused) and job locks
				                         'spring_session', 'spring_session_attributes', 'shedlock', 'ntf_delivery')
				   and tablename like ?
				   -- a month's partition is counted with its table
				   and not exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
				                    where c.relname = tablename)
				 order by tablename""").param(pattern).query(String.class).list()) {
			counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
		}
		return counts;
	}
}
