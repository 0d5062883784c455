package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.XingfuTest;

@XingfuTest
class MigrationsTests {

	@Autowired
	Flyway flyway;

	@Autowired
	JdbcClient jdbc;

	@Test
	void everyMigrationIsAppliedAndNonePending() {
		var all = flyway.info().all();
		assertThat(all).isNotEmpty();
		assertThat(Arrays.stream(all).map(i -> i.getState()))
			.allMatch(s -> s == MigrationState.SUCCESS);
		assertThat(flyway.info().pending()).isEmpty();
	}

	@Test
	void theDatabaseIsRealPostgresWithUtf8AndTrigrams() {
		assertThat(jdbc.sql("select current_setting('server_version_num')::int").query(Integer.class).single())
			.isGreaterThanOrEqualTo(150000);
		assertThat(jdbc.sql("select pg_encoding_to_char(encoding) from pg_database where datname = current_database()")
			.query(String.class).single()).isEqualTo("UTF8");
		jdbc.sql("create extension if not exists pg_trgm").update();
		// with a "C" ctype Chinese characters would be ignored and the similarity would be 0
		assertThat(jdbc.sql("select similarity('小区楼道堆放杂物', '楼道堆放杂物')").query(Double.class).single())
			.isGreaterThan(0.3);
	}

	@Test
	void pathsAndCitiesAreDerivedByTheDatabase() {
		var row = jdbc.sql("""
				select c.path as child, p.path as parent, c.id, c.city_id, p.city_id as parent_city
				  from org_node c join org_node p on p.id = c.parent_id where c.type = 'BUILDING' limit 1""")
			.query().singleRow();
		assertThat((String) row.get("child")).isEqualTo(row.get("parent") + String.valueOf(row.get("id")) + "/");
		assertThat(row.get("city_id")).isEqualTo(row.get("parent_city"));
	}
}
