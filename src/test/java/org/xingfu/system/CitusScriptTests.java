package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * from the build machines, so the script runs here against stand-ins for Citus's three functions that only record
 * their calls, in a transaction that is rolled back. What it checks is what Citus would refuse: a table placed twice
 * or not at all, a table distributed before a table its foreign keys point at, and a list that differs from the
 * classification of {@link DistributionKeyTests}.
 */
@XingfuTest
class CitusScriptTests {

	record Placement(int order, String table, String kind, String column, String colocateWith) {
	}

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcTemplate template;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void placesEveryTableOnceAndParentsBeforeChildren() throws IOException {
		String script = new ClassPathResource("citus/distribute.sql").getContentAsString(StandardCharsets.UTF_8);
		transaction.executeWithoutResult(status -> {
			status.setRollbackOnly();
			jdbc.sql("create temporary table citus_placed (n serial, tbl text, kind text, col text, colocate text)")
				.update();
			jdbc.sql("""
					create function create_reference_table(t regclass) returns void language sql as
					$$ insert into citus_placed (tbl, kind) values (t::text, 'reference') $$""").update();
			jdbc.sql("""
					create function citus_add_local_table_to_metadata(t regclass) returns void language sql as
					$$ insert into citus_placed (tbl, kind) values (t::text, 'local') $$""").update();
			jdbc.sql("""
					create function create_distributed_table(t regclass, col text, colocate_with text default 'default')
					returns void language sql as
					$$ insert into citus_placed (tbl, kind, col, colocate)
					   values (t::text, 'distributed', col, colocate_with) $$""")
				.update();
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
}
