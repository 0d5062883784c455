package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.XingfuTest;

/**
 * The script that distributes the schema on Citus (src/main/resources/citus/distribute.sql). No Citus is reachable
 * from the build machines, so the script runs here against stand-ins for Citus's three functions
 * (src/test/resources/citus/stand-ins.sql), in a transaction that is rolled back. The stand-ins record each placement
 * and refuse what Citus refuses when it places a table, read from Citus's sources: a key that is not unique by the
 * city, a foreign key to a table not yet placed, between tables not co-located, not on the city at the same position,
 * or one that cascades an update or sets null on a key that holds the city. The test then checks what only the whole
 * run shows: every table placed once, and the lists the same as the classification of {@link DistributionKeyTests}.
 */
@XingfuTest
class CitusScriptTests {

	record Placement(int order, String table, String kind, String column, String colocateWith) {
	}

	JdbcClient jdbc;
	JdbcTemplate template;
	TransactionTemplate transaction;

	/**
	 * The script changes the schema, which only its owner may (the application's role may not, issue 24): the test
	 * runs as the owner, on one connection, in transactions it rolls back.
	 */
	@Autowired
	void asTheOwner(javax.sql.DataSource suite) {
		String[] owner = org.xingfu.SuiteDatabase.owner(suite);
		org.springframework.jdbc.datasource.SingleConnectionDataSource connection =
				new org.springframework.jdbc.datasource.SingleConnectionDataSource(org.xingfu.SuiteDatabase.url(suite),
						owner[0], owner[1], true);
		jdbc = JdbcClient.create(connection);
		template = new JdbcTemplate(connection);
		transaction = new TransactionTemplate(
				new org.springframework.jdbc.datasource.DataSourceTransactionManager(connection));
	}

	static String standIns() {
		return read("citus/stand-ins.sql");
	}

	static String read(String resource) {
		try {
			return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void placesEveryTableOnceAndParentsBeforeChildren() {
		String script = read("citus/distribute.sql");
		transaction.executeWithoutResult(status -> {
			status.setRollbackOnly();
			template.execute(standIns());
			// as psql sends it: one statement, no parameters
			template.execute(script);

			List<Placement> placed = jdbc.sql("select n, tbl, kind, col, colocate from citus_placed order by n")
				.query((rs, i) -> new Placement(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5)))
				.list();
			List<String> tables = jdbc.sql("""
					select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
					 where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
					   and c.relpersistence = 'p'""").query(String.class).list();
			assertThat(placed).extracting(Placement::table).as("every table once").doesNotHaveDuplicates()
				.containsExactlyInAnyOrderElementsOf(tables);
			assertThat(placed.stream().filter(p -> p.kind().equals("reference")).map(Placement::table))
				.containsExactlyInAnyOrderElementsOf(DistributionKeyTests.REFERENCE);
			assertThat(placed.stream().filter(p -> p.kind().equals("local")).map(Placement::table))
				.containsExactlyInAnyOrderElementsOf(DistributionKeyTests.LOCAL);
			List<Placement> distributed = placed.stream().filter(p -> p.kind().equals("distributed")).toList();
			assertThat(distributed).hasSizeGreaterThan(100)
				.allSatisfy(p -> assertThat(p.column()).isEqualTo("city_id"));
			assertThat(distributed.getFirst().table()).isEqualTo("org_node");
			assertThat(distributed.subList(1, distributed.size()))
				.allSatisfy(p -> assertThat(p.colocateWith()).isEqualTo("org_node"));

			// Citus places a foreign key only to a table that is distributed or a reference table already
			Map<String, Integer> order = new HashMap<>();
			placed.forEach(p -> order.put(p.table(), p.order()));
			Set<String> shared = DistributionKeyTests.REFERENCE;
			List<String> early = jdbc.sql("""
					select conrelid::regclass::text, confrelid::regclass::text from pg_constraint
					 where contype = 'f' and conparentid = 0 and conrelid <> confrelid""")
				.query((rs, i) -> List.of(rs.getString(1), rs.getString(2))).list().stream()
				.filter(fk -> !shared.contains(fk.get(1)) && order.get(fk.get(0)) < order.get(fk.get(1)))
				.map(fk -> fk.get(0) + " before " + fk.get(1))
				.collect(Collectors.toList());
			assertThat(early).as("tables placed before the tables they point at").isEmpty();
			// no trigger of the schema's own is left on a distributed table: Citus routes the rows as they come
			assertThat(jdbc.sql("""
					select count(*) from pg_trigger t join pg_proc f on f.oid = t.tgfoid
					 where not t.tgisinternal and t.tgparentid = 0 and t.tgrelid::regclass::text <> 'aud_entry'
					   and f.proname not in ('xf_given', 'xf_node_given')""")
				.query(Long.class).single())
				.as("triggers left on distributed tables").isZero();
		});
	}

	/**
	 * The stand-ins can fail: each of these tables, which Citus refuses, is refused by them with Citus's reason. (A
	 * stand-in that accepted everything would let the script's test pass whatever the schema.)
	 */
	@Test
	void theStandInsRefuseWhatCitusRefuses() {
		String parent = "create table xf_citus_parent (id bigint, city_id bigint, primary key (id, city_id))";
		assertRefused(parent + "; create table xf_citus_child (id bigint, city_id bigint, parent_id bigint, "
				+ "primary key (id, city_id), foreign key (parent_id, city_id) references xf_citus_parent (id, city_id) "
				+ "on update cascade)", "CASCADE is not supported in ON UPDATE");
		assertRefused(parent + "; create table xf_citus_child (id bigint, city_id bigint, parent_id bigint, "
				+ "primary key (id, city_id), foreign key (parent_id, city_id) references xf_citus_parent (id, city_id) "
				+ "on delete set null)", "SET NULL or SET DEFAULT is not supported in ON DELETE");
		assertRefused(parent + "; create table xf_citus_child (id bigint, city_id bigint, parent_id bigint, "
				+ "parent_city bigint, primary key (id, city_id), foreign key (parent_id, parent_city) references "
				+ "xf_citus_parent (id, city_id))", "same ordinal");
		assertRefused("create table xf_citus_parent (id bigint primary key, city_id bigint); "
				+ "create table xf_citus_child (id bigint, city_id bigint, primary key (id, city_id))",
				"do not include the partition column");
		assertRefused(parent + "; create table xf_citus_child (id integer generated by default as identity, "
				+ "city_id bigint, primary key (id, city_id))", "not bigint");
		assertRefused(parent + "; create table xf_citus_other (id bigint, city_id bigint, primary key (id, city_id)); "
				+ "create table xf_citus_child (id bigint, city_id bigint, other_id bigint, primary key (id, city_id), "
				+ "foreign key (other_id, city_id) references xf_citus_other (id, city_id))",
				"must be a distributed table or a reference table");
		// and the same child, keyed by the city and taking no action on update, is taken
		transaction.executeWithoutResult(status -> {
			status.setRollbackOnly();
			distribute(parent + "; create table xf_citus_child (id bigint, city_id bigint, parent_id bigint, "
					+ "primary key (id, city_id), foreign key (parent_id, city_id) references xf_citus_parent "
					+ "(id, city_id) on delete cascade)");
			assertThat(jdbc.sql("select count(*) from citus_placed where kind = 'distributed'").query(Long.class)
				.single()).isEqualTo(2);
		});
	}

	/**
	 * Distributes xf_citus_parent, then xf_citus_child beside it, after the statements that make them, and expects
	 * Citus's refusal of one of them.
	 */
	private void assertRefused(String tables, String reason) {
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			status.setRollbackOnly();
			distribute(tables);
		})).as(reason).hasMessageContaining(reason);
	}

	private void distribute(String tables) {
		template.execute(standIns());
		template.execute(tables);
		template.execute("select create_distributed_table('xf_citus_parent', 'city_id')");
		template.execute("select create_distributed_table('xf_citus_child', 'city_id', colocate_with => 'xf_citus_parent')");
	}
}
