package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The database away: a read-only database (the state of a full disk's emergency switch, or a standby after a failed
 * promotion) and every connection cut (a restart). The first is answered 503 with Retry-After on the API and on
 * pages, stores nothing, and the same Idempotency-Key stores the request once when the database is back; after the
 * second the pool replaces its dead connections and the next call succeeds. bench/faults/pg-restart.sh restarts
 * the server itself under load.
 */
@XingfuTest
class DatabaseOutageTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void aReadOnlyDatabaseIsA503AndStoresNothing() throws Exception {
		ApiClient api = new ApiClient(port);
		String resident = api.token("jm.caizheng.101");
		String head = api.token("ld.caizheng.1");
		long open = api.post("/api/v1/requests", resident, ApiClient.json(body("门禁坏了"))).json().get("id").asLong();
		PageSession staff = new PageSession(port);
		staff.login("ld.caizheng.1", ApiClient.PASSWORD);
		long requests = count("req_request");
		long timeline = count("req_event");
		String key = UUID.randomUUID().toString();
		String json = ApiClient.json(body("楼道灯不亮"));

		String token = staff.csrfToken();
		readOnly(true);
		try {
			HttpResponse<String> refused = post(resident, key, json);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					t -> assertThat(t).startsWith("application/problem+json"));
			assertThat(refused.body()).contains("数据库暂时不可用").doesNotContain("Exception", "SQL", "read-only");

			ApiClient.Response accept = api.post("/api/v1/requests/" + open + "/accept", head, "{}");
			assertThat(accept.status()).as(accept.body()).isEqualTo(503);

			// a page session is kept in the database too: while it cannot be written, pages answer 503 as well
			HttpResponse<String> home = staff.page("/");
			assertThat(home.statusCode()).isEqualTo(503);
			assertThat(home.body()).contains("系统正在维护或恢复").doesNotContain("Exception", "SQL");
			HttpResponse<String> page = staff.postPage("/admin/requests/" + open + "/accept", "note=", token);
			assertThat(page.statusCode()).isEqualTo(503);
			assertThat(page.headers().firstValue("Retry-After")).hasValue("10");
			assertThat(page.body()).contains("系统正在维护或恢复").doesNotContain("Exception", "SQL");
		}
		finally {
			readOnly(false);
		}
		assertThat(count("req_request")).isEqualTo(requests);
		assertThat(count("req_event")).isEqualTo(timeline);
		assertThat(jdbc.sql("select count(*) from req_request where id = ? and owner_username is not null")
			.param(open).query(Long.class).single()).isZero();

		// back: the same key stores the request once
		HttpResponse<String> stored = post(resident, key, json);
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
		assertThat(post(resident, key, json).body()).isEqualTo(stored.body());
		assertThat(count("req_request")).isEqualTo(requests + 1);
	}

	@Test
	void afterEveryConnectionIsCutTheNextCallSucceeds() throws Exception {
		ApiClient api = new ApiClient(port);
		String resident = api.token("jm.caizheng.101");
		String[] admin = org.xingfu.SuiteDatabase.administrator(dataSource);
		try (Connection c = DriverManager.getConnection(org.xingfu.SuiteDatabase.url(dataSource), admin[0], admin[1]);
				Statement s = c.createStatement()) {
			s.execute("select pg_terminate_backend(pid) from pg_stat_activity"
					+ " where datname = current_database() and pid <> pg_backend_pid()");
		}
		// pooled connections idle for more than half a second are checked before use; wait past that
		Thread.sleep(600);
		ApiClient.Response r = api.post("/api/v1/requests", resident, ApiClient.json(body("电梯异响")));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
	}

	@Test
	void anOutageIsToldByItsCauseNotByItsMessage() {
		assertThat(DatabaseOutage.causedBy(new org.springframework.transaction.TransactionSystemException(
				"JDBC rollback failed", new java.sql.SQLException("Connection is closed")))).isTrue();
		assertThat(DatabaseOutage.causedBy(new RuntimeException(new java.sql.SQLException("disk full", "53100")))).isTrue();
		assertThat(DatabaseOutage.causedBy(new java.sql.SQLException("read only", "25006"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new java.sql.SQLException("shutdown", "57P01"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new org.springframework.jdbc.CannotGetJdbcConnectionException("no"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new org.springframework.dao.DataIntegrityViolationException("dup",
				new java.sql.SQLException("duplicate", "23505")))).isFalse();
		assertThat(DatabaseOutage.causedBy(new IllegalStateException("connection refused"))).isFalse();
	}

	/**
	 * Switches the database to read-only for new sessions and lets the pool replace its connections, so every
	 * connection the application uses from here refuses writes with SQLSTATE 25006; or back. A session keeps the
	 * setting it started with, so this waits until no session of the database began before the switch: a
	 * connection left over would break the tests that run after this one.
	 */
	private void readOnly(boolean on) throws Exception {
		HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
		// only the database's owner or a superuser may change its defaults, not the application's role (issue 24)
		String[] admin = org.xingfu.SuiteDatabase.administrator(dataSource);
		try (Connection c = DriverManager.getConnection(hikari.getJdbcUrl(), admin[0], admin[1]);
				Statement s = c.createStatement()) {
			s.execute("set default_transaction_read_only = off");
			String database = jdbc.sql("select current_database()").query(String.class).single();
			s.execute("alter database \"" + database + "\" " + (on ? "set default_transaction_read_only = on"
					: "reset default_transaction_read_only"));
			String switched;
			try (ResultSet at = s.executeQuery("select clock_timestamp()::text")) {
				at.next();
				switched = at.getString(1);
			}
			long deadline = System.currentTimeMillis() + 20_000;
			while (true) {
				hikari.getHikariPoolMXBean().softEvictConnections();
				Thread.sleep(100);
				// the read-only pool of dashboards and reports (ReplicaRouting) is left out: it is read-only whatever the
				// database's default, and a page rendered in the window may have opened its connections then
				try (ResultSet older = s.executeQuery("select count(*) from pg_stat_activity"
						+ " where datname = current_database() and backend_type = 'client backend'"
						+ " and application_name is distinct from '" + ReplicaRouting.POOL + "'"
						// and the connection on which the node hears of ended sessions: it only listens
						+ " and application_name is distinct from 'xingfu-revocations'"
						+ " and pid <> pg_backend_pid() and backend_start < '" + switched + "'::timestamptz")) {
					older.next();
					if (older.getLong(1) == 0) {
						break;
					}
				}
				if (System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("connections from before the switch are still open");
				}
			}
		}
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	private HttpResponse<String> post(String token, String key, String json) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/requests"))
			.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> body(String title) {
		return Map.of("category", "PROPERTY_REPAIR", "title", title, "description", "请尽快派人来看看，谢谢。",
				"urgency", "GENERAL");
	}
}
