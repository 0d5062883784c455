package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.XingfuTest;
import org.xingfu.identity.AccountManagement;

/**
 * Ready for a distributed PostgreSQL (issue 11, part 4; ADR 0016; docs/scale-out.md section 6): a table that belongs
 * to a city carries {@code city_id} in its primary key, in its unique keys and in every foreign key to another such
 * table, so that Citus can distribute the schema by it. Shared lookups are declared reference tables, the
 * installation's machinery local tables. The test fails on a new table that is in neither list and lacks the key,
 * and on a reference or local table that points at a city table (Citus allows neither).
 */
@XingfuTest
class DistributionKeyTests {

	/** The same in every city and small: replicated to every node ({@code create_reference_table}). */
	static final Set<String> REFERENCE = Set.of("req_category", "req_calendar_day", "req_setting", "req_time_limit",
			"grd_care_category", "grd_inspection_kind", "prop_checklist_item", "rtg_dimension", "rtg_indicator",
			"rtg_star_level", "org_role_title", "idn_username");

	/** The installation's own machinery, kept on the coordinator ({@code citus_add_local_table_to_metadata}). */
	static final Set<String> LOCAL = Set.of("flyway_schema_history", "shedlock", "spring_session",
			"spring_session_attributes", "event_publication", "req_rates_rollup", "cmp_code_secret", "aud_entry", "aud_key");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	AccountManagement accounts;

	@Test
	void everyCityTableCarriesCityIdInItsKeys() {
		List<String> tables = jdbc.sql("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				 where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
				 order by 1""").query(String.class).list();
		assertThat(tables).as("declared tables that exist").containsAll(REFERENCE).containsAll(LOCAL);
		assertThat(REFERENCE).as("a table is declared once").doesNotContainAnyElementsOf(LOCAL);

		List<String> cityTables = tables.stream().filter(t -> !REFERENCE.contains(t) && !LOCAL.contains(t)).toList();
		// the check below must have something to check: the requests, their timeline, the tree and the accounts
		assertThat(cityTables).hasSizeGreaterThan(100)
			.contains("req_request", "req_event", "org_node", "idn_account", "idn_token", "vol_points");
		List<String> lacking = new ArrayList<>();
		for (String table : cityTables) {
			List<String> problems = problems(table);
			if (!problems.isEmpty()) {
				lacking.add(table + ": " + String.join("; ", problems));
			}
		}
		assertThat(lacking).as("tables of a city without city_id in their keys, and not declared reference or local")
			.isEmpty();
	}

	@Test
	void referenceAndLocalTablesPointAtNoCityTable() {
		Set<String> shared = new HashSet<>(REFERENCE);
		shared.addAll(LOCAL);
		List<String> wrong = jdbc.sql("""
				select conrelid::regclass::text || ' -> ' || confrelid::regclass::text from pg_constraint
				 where contype = 'f' and conparentid = 0""").query(String.class).list().stream()
			.filter(fk -> shared.contains(fk.split(" -> ")[0]) && !shared.contains(fk.split(" -> ")[1]))
			.toList();
		// Citus refuses a foreign key from a reference or local table to a distributed one
		assertThat(wrong).isEmpty();
	}

	@Test
	void aRowTakesTheCityOfWhatItBelongsToAndStaysInIt() {
		transaction.executeWithoutResult(status -> {
			status.setRollbackOnly();
			// the suite's guard refuses a row without its city (db/test-callbacks); here the fill itself is tested
			jdbc.sql("set local xingfu.city_fill = 'on'").update();
			long city = jdbc.sql("select min(id) from org_node where parent_id is null").query(Long.class).single();
			long compound = jdbc.sql("select min(id) from org_node where type = 'COMPOUND'").query(Long.class).single();
			// a second city with one person in it
			long other = jdbc.sql("""
					insert into org_node (city_id, type, name, path) values (0, 'CITY', '邻市', '') returning id""")
				.query(Long.class).single();
			long person = jdbc.sql("""
					insert into org_person (city_id, name, home_path) values (?, '邻市居民', ?) returning id""")
				.params(other, "/" + other + "/").query(Long.class).single();

			long account = accounts.createAccount("test", "linshi-resident", "{noop}x", person, "邻市居民");
			assertThat(jdbc.sql("select city_id from idn_account where id = ?").param(account).query(Long.class)
				.single()).as("an account takes its person's city").isEqualTo(other);
			assertThat(jdbc.sql("select city_id from idn_username where username = 'linshi-resident'")
				.query(Long.class).single()).isEqualTo(other);
			// usernames stay unique across cities: the account key (username, city_id) alone would let this in
			assertThatThrownBy(
					() -> alone(status, () -> accounts.createAccount("test", "admin", "{noop}x", person, "邻市居民")))
				.isInstanceOf(DuplicateKeyException.class);

			long notification = jdbc.sql("""
					insert into ntf_notification (person_id, kind, args, link) values (?, 'TEST', '', '/')
					returning id""").param(person).query(Long.class).single();
			jdbc.sql("insert into ntf_delivery (notification_id, channel, due_at) values (?, 'SMS', now())")
				.param(notification).update();
			assertThat(jdbc.sql("select city_id from ntf_delivery where notification_id = ?").param(notification)
				.query(Long.class).single()).as("a grandchild takes the city down the line").isEqualTo(other);

			// a person of one city cannot hold a role at a compound of another: the foreign key holds city_id
			assertThatThrownBy(() -> alone(status, () -> jdbc.sql("""
					insert into org_role_assignment (person_id, role, node_id) values (?, 'RESIDENT', ?)""")
				.params(person, compound).update())).isInstanceOf(DataIntegrityViolationException.class)
				.hasMessageContaining("org_role_assignment_node_id_fkey");
			// a row whose parent does not exist is refused as the foreign key refused it
			assertThatThrownBy(() -> alone(status, () -> jdbc.sql("insert into ntc_attachment (notice_id, "
					+ "storage_key, content_type, size_bytes) values (-1, 'k', 'image/png', 1)").update()))
				.isInstanceOf(DataIntegrityViolationException.class)
				.hasMessageContaining("ntc_notice -1 does not exist");
			// with two cities an account without a person must name its city
			assertThatThrownBy(() -> alone(status, () -> accounts.createAccount("test", "linshi-robot", "{noop}x", null,
					"机器人")))
				.isInstanceOf(IllegalStateException.class);
			assertThat(city).isNotEqualTo(other);
		});
	}

	/** Runs {@code statement} in a savepoint, so that its failure leaves the surrounding transaction usable. */
	private static void alone(TransactionStatus status, Runnable statement) {
		Object savepoint = status.createSavepoint();
		try {
			statement.run();
		}
		finally {
			status.rollbackToSavepoint(savepoint);
		}
	}

	/** What keeps {@code table} from being distributed by city_id; empty when nothing does. */
	private List<String> problems(String table) {
		List<String> problems = new ArrayList<>();
		List<String> primaryKey = jdbc.sql("""
				select a.attname from pg_constraint k cross join unnest(k.conkey) as u(attnum)
				  join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
				 where k.conrelid = ?::regclass and k.contype = 'p'""").param(table).query(String.class).list();
		if (!primaryKey.contains("city_id")) {
			problems.add("primary key " + primaryKey + " without city_id");
		}
		// Citus: a unique index of a distributed table must hold the distribution column
		List<String> uniques = jdbc.sql("""
				select i.relname from pg_index x join pg_class i on i.oid = x.indexrelid
				 where x.indrelid = ?::regclass and x.indisunique
				   and not exists (select 1 from unnest(x.indkey) u(attnum) join pg_attribute a
				                     on a.attrelid = x.indrelid and a.attnum = u.attnum where a.attname = 'city_id')""")
			.param(table).query(String.class).list();
		uniques.forEach(index -> problems.add("unique index " + index + " without city_id"));
		// and a foreign key between distributed tables joins their distribution columns, city_id to city_id
		List<String[]> foreignKeys = jdbc.sql("""
				select k.conname, k.confrelid::regclass::text,
				       exists (select 1 from unnest(k.conkey, k.confkey) u(attnum, refattnum)
				                 join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
				                 join pg_attribute r on r.attrelid = k.confrelid and r.attnum = u.refattnum
				                where a.attname = 'city_id' and r.attname = 'city_id')
				  from pg_constraint k
				 where k.conrelid = ?::regclass and k.contype = 'f' and k.conparentid = 0""").param(table)
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2), String.valueOf(rs.getBoolean(3)) })
			.list();
		for (String[] fk : foreignKeys) {
			if (LOCAL.contains(fk[1])) {
				problems.add("foreign key " + fk[0] + " to the local table " + fk[1]);
			}
			else if (!REFERENCE.contains(fk[1]) && !"true".equals(fk[2])) {
				problems.add("foreign key " + fk[0] + " to " + fk[1] + " without city_id to city_id");
			}
		}
		return problems;
	}
}
