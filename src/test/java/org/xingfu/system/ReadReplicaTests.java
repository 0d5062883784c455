package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;
import org.xingfu.shared.ReadReplica;

/**
 * The suite runs with {@code xingfu.replica.url=primary}: a read-only pool on the same database stands for the
 * replica. Reads inside {@link ReadReplica#read} take its connections, writes there are refused, a transaction
 * already running keeps its own connection, and the dashboards read through it.
 */
@XingfuTest
class ReadReplicaTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void readsInsideReadGoToTheReplicaPoolAndCannotWrite() {
		assertThat(pool()).isNotEqualTo(ReplicaRouting.POOL);
		assertThat(ReadReplica.read(this::pool)).isEqualTo(ReplicaRouting.POOL);
		assertThat(pool()).as("back on the primary afterwards").isNotEqualTo(ReplicaRouting.POOL);

		long before = jdbc.sql("select count(*) from org_node").query(Long.class).single();
		assertThatThrownBy(() -> ReadReplica.read(() -> jdbc.sql(
				"update org_node set name = name || '!' where id = (select min(id) from org_node)").update()))
			.hasMessageContaining("read-only");
		assertThat(jdbc.sql("select count(*) from org_node where name like '%!'").query(Long.class).single()).isZero();
		assertThat(jdbc.sql("select count(*) from org_node").query(Long.class).single()).isEqualTo(before);

		// inside a transaction that has begun, reads stay with it: it may still write
		String inside = new TransactionTemplate(transactions).execute(status -> {
			jdbc.sql("select 1").query(Integer.class).single();
			return ReadReplica.read(this::pool);
		});
		assertThat(inside).isNotEqualTo(ReplicaRouting.POOL);
	}

	@Test
	void theCityDashboardReadsFromTheReplicaPool() {
		ApiClient api = new ApiClient(port);
		long city = jdbc.sql("select id from org_node where type = 'CITY' order by id limit 1").query(Long.class).single();
		String token = api.token("admin");
		java.sql.Timestamp before = jdbc.sql("select clock_timestamp()").query(java.sql.Timestamp.class).single();
		ApiClient.Response dashboard = api.get("/api/v1/dashboard/nodes/" + city, token);
		assertThat(dashboard.status()).as(dashboard.body()).isEqualTo(200);
		assertThat(jdbc.sql("""
				select count(*) from pg_stat_activity where application_name = ? and state_change >= ?""")
			.params(ReplicaRouting.POOL, before).query(Long.class).single()).as("replica connections used since").isPositive();
	}

	private String pool() {
		return jdbc.sql("select current_setting('application_name')").query(String.class).single();
	}
}
