package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Statements that plain PostgreSQL runs and Citus refuses (issue 11, part 4; ADR 0016). No Citus is reachable from the
 * build machines, so this reads the application's SQL (the text given to {@code .sql(...)} and {@code update(...)})
 * and fails on the shapes that Citus's planner refuses, each named with Citus's message. The rules come from Citus's
 * sources (src/backend/distributed/planner/multi_router_planner.c, ModifyQuerySupported and
 * ErrorIfOnConflictNotSupported; query_pushdown_planning.c, the FOR UPDATE check) and from projects that met them on a
 * real Citus. It reads text, not a parsed plan: SQL built piece by piece in a StringBuilder escapes it, and a
 * statement of a reference or local table is let through where only distributed tables are refused.
 */
class CitusStatementsTests {

	/** What Citus evaluates differently from shard to shard, so refuses where it cannot evaluate it once. */
	static final Pattern NOT_IMMUTABLE = Pattern.compile(
			"\\b(now\\s*\\(|current_timestamp|current_date|localtimestamp|clock_timestamp|statement_timestamp|"
					+ "transaction_timestamp|random\\s*\\(|nextval\\s*\\(|gen_random_uuid)");

	static final Pattern LOCK = Pattern.compile("\\bfor\\s+(update|share|no\\s+key\\s+update|key\\s+share)\\b");

	static final Pattern TABLE = Pattern.compile("\\b(?:from|join|into|update)\\s+([a-z_][a-z_0-9]*)");

	static final Pattern CALL = Pattern.compile("\\.(?:sql|update|queryForList|queryForObject|query|execute)\\(");

	record Statement(String file, int line, String sql) {

		@Override
		public String toString() {
			return file + ":" + line + ": " + sql.replaceAll("\\s+", " ").strip();
		}
	}

	@Test
	void noStatementTakesAShapeCitusRefuses() throws IOException {
		List<Statement> statements = statements();
		// the scan finds what it is meant to find
		assertThat(statements).hasSizeGreaterThan(500);

		List<Statement> locks = statements.stream().filter(s -> LOCK.matcher(s.sql()).find()).toList();
		List<Statement> upserts = statements.stream().filter(s -> s.sql().contains("do update")).toList();
		assertThat(locks).as("row locks found").hasSizeGreaterThan(15);
		assertThat(upserts).as("upserts found").hasSizeGreaterThan(10);
		assertThat(statements.stream().flatMap(s -> refusals(s).stream()).toList()).isEmpty();
	}

	/** Why Citus would refuse the statement, in its words; empty when it would not. */
	static List<String> refusals(Statement s) {
		String sql = s.sql();
		List<String> refused = new ArrayList<>();
		boolean distributed = TABLE.matcher(sql).results().map(m -> m.group(1)).anyMatch(CitusStatementsTests::distributed);
		boolean cityTable = TABLE.matcher(sql).results().map(m -> m.group(1))
			.anyMatch(t -> distributed(t) || DistributionKeyTests.REFERENCE.contains(t));
		// "could not run distributed query with FOR UPDATE/SHARE commands": a lock only where the city is named
		if (LOCK.matcher(sql).find() && distributed && !sql.contains("city_id")) {
			refused.add("a row lock that does not name the city: " + s);
		}
		// "functions used in the DO UPDATE SET clause of INSERTs on distributed tables must be marked IMMUTABLE"
		// (reference tables too); excluded.column, which carries the value the insert gave, is what passes
		int doUpdate = sql.indexOf("do update");
		if (doUpdate >= 0 && cityTable) {
			String set = sql.substring(doUpdate);
			int returning = set.indexOf("returning");
			if (NOT_IMMUTABLE.matcher(returning < 0 ? set : set.substring(0, returning)).find()) {
				refused.add("a function that is not immutable in do update set: " + s);
			}
		}
		// "subqueries are not supported within INSERT queries" (INSERT ... SELECT is how)
		Matcher values = Pattern.compile("^\\s*insert\\s+into\\s+[a-z_]+[^;]*?\\bvalues\\s*\\(").matcher(sql);
		if (values.find() && cityTable && sql.substring(values.end()).contains("(select")) {
			refused.add("a subquery in the values of an insert: " + s);
		}
		// "modifying the partition value of rows is not allowed": a row never changes city
		Matcher set = Pattern.compile("^\\s*update\\s+[a-z_]+(?:\\s+[a-z_]+)?\\s+set\\s+(.*?)(?:\\bwhere\\b|$)",
				Pattern.DOTALL).matcher(sql);
		if (set.find() && distributed && Pattern.compile("(^|,)\\s*city_id\\s*=").matcher(set.group(1)).find()) {
			refused.add("an update of the city: " + s);
		}
		// "non-IMMUTABLE functions are not allowed in CASE or COALESCE statements" in an update
		if (sql.stripLeading().startsWith("update") && distributed
				&& Pattern.compile("coalesce\\([^()]*(\\([^()]*\\)[^()]*)*\\)").matcher(sql).results()
					.anyMatch(m -> NOT_IMMUTABLE.matcher(m.group()).find())) {
			refused.add("a function that is not immutable inside coalesce in an update: " + s);
		}
		// a correlated subquery goes down to the nodes only when it is joined on the distribution column; otherwise
		// "complex joins are only supported when all distributed tables are co-located and joined on their
		// distribution columns"
		for (String sub : subqueries(sql)) {
			if (correlated(sub) && !sub.contains("city_id")) {
				refused.add("a correlated subquery that does not name the city: " + sub + " in " + s);
			}
		}
		// "non-IMMUTABLE functions are not allowed in the RETURNING clause"
		int returning = sql.lastIndexOf("returning");
		if (returning >= 0 && distributed && !sql.stripLeading().startsWith("select")
				&& NOT_IMMUTABLE.matcher(sql.substring(returning)).find()) {
			refused.add("a function that is not immutable in returning: " + s);
		}
		return refused;
	}

	/** The rules see what they are meant to see, and let through what Citus takes. */
	@Test
	void theRulesCatchWhatCitusRefuses() {
		assertThat(refusals(new Statement("x", 1, "select * from wsh_wish where id = ? for update"))).hasSize(1);
		assertThat(refusals(new Statement("x", 1, "select * from wsh_wish where id = ? and city_id = ? for update")))
			.isEmpty();
		assertThat(refusals(new Statement("x", 1, "select rolled_until from req_rates_rollup where id = 1 for update")))
			.as("a local table").isEmpty();
		assertThat(refusals(new Statement("x", 1, "insert into ntf_preference (person_id, city_id) values (?, ?) "
				+ "on conflict (person_id, city_id) do update set updated_at = now()"))).hasSize(1);
		assertThat(refusals(new Statement("x", 1, "insert into ntf_preference (person_id, city_id) values (?, ?) "
				+ "on conflict (person_id, city_id) do update set updated_at = excluded.updated_at"))).isEmpty();
		assertThat(refusals(new Statement("x", 1, "insert into dsh_report (city_id, node_id) "
				+ "values ((select city_id from org_node where id = ?), ?)"))).hasSize(1);
		assertThat(refusals(new Statement("x", 1, "update cmp_dispatch_recipient set acked_at = coalesce(acked_at, now()) "
				+ "where dispatch_id = ?"))).hasSize(1);
		assertThat(refusals(new Statement("x", 1, "update cmp_dispatch_recipient set acked_at = coalesce(acked_at, ?) "
				+ "where dispatch_id = ?"))).isEmpty();
		assertThat(refusals(new Statement("x", 1, "insert into dsh_report (city_id) values (?) returning now()")))
			.hasSize(1);
		assertThat(refusals(new Statement("x", 1, "update org_person set name = ?, city_id = ? where id = ?")))
			.hasSize(1);
		assertThat(refusals(new Statement("x", 1, "update org_person set name = ? where id = ? and city_id = ?")))
			.isEmpty();
		assertThat(refusals(new Statement("x", 1, "select g.id, (select count(*) from org_grid_building gb "
				+ "where gb.grid_id = g.id) from org_grid g where g.id = ?"))).hasSize(1);
		assertThat(refusals(new Statement("x", 1, "select g.id, (select count(*) from org_grid_building gb "
				+ "where gb.grid_id = g.id and gb.city_id = g.city_id) from org_grid g where g.id = ?"))).isEmpty();
		assertThat(refusals(new Statement("x", 1, "select id from org_grid where id in (select grid_id from "
				+ "org_grid_building where building_id = ?)"))).as("not correlated: Citus plans it on its own").isEmpty();
		assertThat(LOCK.matcher("select * from wsh_wish where id = ? for update").find()).isTrue();
		assertThat(NOT_IMMUTABLE.matcher("set updated_at = now()").find()).isTrue();
		assertThat(NOT_IMMUTABLE.matcher("set updated_at = excluded.updated_at").find()).isFalse();
		assertThat(literals("jdbc.sql(\"select a \" + \"from b where c = ?\").param(x)", 0)).isEqualTo("select a from b where c = ?");
		assertThat(literals("jdbc.sql(\"\"\"\n\t\tselect (x) from y\"\"\")", 0).strip()).isEqualTo("select (x) from y");
		assertThat(literals("jdbc.sql(\"select \" + column + \" from t\")", 0)).isEqualTo("select  from t");
	}

	/** The parenthesised selects of a statement, nested ones too. */
	static List<String> subqueries(String sql) {
		List<String> result = new ArrayList<>();
		Matcher open = Pattern.compile("\\(\\s*select\\b").matcher(sql);
		while (open.find()) {
			int depth = 0;
			for (int i = open.start(); i < sql.length(); i++) {
				char c = sql.charAt(i);
				if (c == '(') {
					depth++;
				}
				else if (c == ')' && --depth == 0) {
					result.add(sql.substring(open.start() + 1, i));
					break;
				}
			}
		}
		return result;
	}

	private static final Pattern SOURCE = Pattern
		.compile("\\b(?:from|join)\\s+([a-z_][a-z_0-9]*)(?:\\s+(?:as\\s+)?([a-z_][a-z_0-9]*))?");

	private static final Pattern QUALIFIED = Pattern.compile("\\b([a-z_][a-z_0-9]*)\\.[a-z_]+");

	private static final java.util.Set<String> NOT_ALIASES = java.util.Set.of("where", "on", "join", "left", "inner",
			"group", "order", "limit", "and", "cross", "full", "right", "using");

	/**
	 * Whether a subquery reads a distributed table and names a column of the query around it (a name qualified by
	 * an alias it does not define).
	 */
	static boolean correlated(String sub) {
		java.util.Set<String> own = new java.util.HashSet<>();
		boolean reads = false;
		Matcher m = SOURCE.matcher(sub);
		while (m.find()) {
			own.add(m.group(1));
			if (m.group(2) != null && !NOT_ALIASES.contains(m.group(2))) {
				own.add(m.group(2));
			}
			reads |= distributed(m.group(1));
		}
		return reads && QUALIFIED.matcher(sub).results().map(q -> q.group(1))
			.anyMatch(a -> !own.contains(a) && !a.equals("excluded"));
	}

	static boolean distributed(String table) {
		return JoinsByCityTests.CITY_TABLE.matcher(table).matches() && !DistributionKeyTests.REFERENCE.contains(table)
				&& !DistributionKeyTests.LOCAL.contains(table);
	}

	static List<Statement> statements() throws IOException {
		List<Statement> result = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				Matcher call = CALL.matcher(source);
				while (call.find()) {
					String sql = literals(source, call.end()).toLowerCase(Locale.ROOT).strip();
					if (sql.matches("(?s)(select|insert|update|delete|with)\\b.*")) {
						int line = (int) source.substring(0, call.start()).chars().filter(c -> c == '\n').count() + 1;
						result.add(new Statement(file.getFileName().toString(), line, sql));
					}
				}
			}
		}
		return result;
	}

	/**
	 * The text of the string literals in the first argument of a call, from just after its opening parenthesis: text
	 * blocks and quoted strings joined by {@code +}, whatever stands between them (a column name chosen in code)
	 * left out. Stops at the comma or parenthesis that ends the argument.
	 */
	static String literals(String source, int from) {
		int start = from;
		if (from == 0) {
			start = source.indexOf('(') + 1;
		}
		StringBuilder sql = new StringBuilder();
		int depth = 0;
		int i = start;
		while (i < source.length()) {
			char c = source.charAt(i);
			if (source.startsWith("\"\"\"", i)) {
				int open = source.indexOf('\n', i) + 1;
				int close = source.indexOf("\"\"\"", open);
				sql.append(source, open, close);
				i = close + 3;
				continue;
			}
			if (c == '"') {
				int j = i + 1;
				while (source.charAt(j) != '"') {
					j += source.charAt(j) == '\\' ? 2 : 1;
				}
				sql.append(source, i + 1, j);
				i = j + 1;
				continue;
			}
			if (c == '(') {
				depth++;
			}
			else if (c == ')' || c == ',' && depth == 0) {
				if (depth == 0) {
					break;
				}
				depth--;
			}
			i++;
		}
		return sql.toString();
	}
}
