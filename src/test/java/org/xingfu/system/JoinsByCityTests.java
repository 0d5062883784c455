package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Citus answers a join within one node only when it joins the distribution columns too (issue 11, part 4; ADR 0016):
 * {@code join org_node n on n.id = r.node_id and n.city_id = r.city_id}. This reads the application's SQL and fails
 * on a join of a city table whose condition does not name city_id. It reads text, not parsed SQL: a join written in
 * another shape (a comma, a subquery) escapes it, and a reference or local table is not a city table.
 */
class JoinsByCityTests {

	private static final Pattern JOIN = Pattern.compile(
			"\\bjoin\\s+([a-z_]+)\\s+([a-z_0-9]+)\\s+on\\s+((?:(?!\\bjoin\\b|\\bwhere\\b|\\border\\b|\\bgroup\\b)[^\\n\"])+)",
			Pattern.CASE_INSENSITIVE);

	static final Pattern CITY_TABLE = Pattern
		.compile("(org|req|cmp|dlb|dsh|fund|grd|idn|mtc|ntc|ntf|prop|ren|rtg|vol|vot|wsh)_[a-z_0-9]+");

	@Test
	void everyJoinOfTwoCityTablesNamesTheCity() throws IOException {
		List<String> joins = new ArrayList<>();
		List<String> lacking = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				Matcher m = JOIN.matcher(Files.readString(file));
				while (m.find()) {
					String table = m.group(1).toLowerCase();
					if (!CITY_TABLE.matcher(table).matches() || DistributionKeyTests.REFERENCE.contains(table)
							|| DistributionKeyTests.LOCAL.contains(table)) {
						continue;
					}
					joins.add(table);
					if (!m.group(3).contains("city_id")) {
						lacking.add(file.getFileName() + ": " + m.group().strip());
					}
				}
			}
		}
		// the scan finds the joins it is meant to find
		assertThat(joins).hasSizeGreaterThan(80).contains("org_node", "org_person");
		assertThat(lacking).isEmpty();
	}
}
