package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * Page sessions live in PostgreSQL (Spring Session JDBC), not in one node's memory: signing in writes the session
 * there, the 长辈模式 keeps its longer life there, and a session removed from the table is gone on every node.
 */
@XingfuTest
class PageSessionStoreTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aSignedInSessionIsARowInPostgresqlAndEndsWhenTheRowGoes() {
		long before = sessionsOf("wg.nongchang.1");
		PageSession page = new PageSession(port);
		page.login("wg.nongchang.1", ApiClient.PASSWORD);
		assertThat(sessionsOf("wg.nongchang.1")).isEqualTo(before + 1);
		assertThat(page.get("/notifications")).isEqualTo(200);
		assertThat(jdbc.sql("""
				select max_inactive_interval from spring_session where principal_name = 'wg.nongchang.1'
				 order by creation_time desc limit 1""").query(Integer.class).single()).isEqualTo(30 * 60);

		// 长辈模式 does not stretch a staff session: its length is the server's, by role (issue 24)
		assertThat(page.post("/preferences/elder-mode", "on=true&back=/")).isEqualTo(302);
		assertThat(page.get("/notifications")).isEqualTo(200);
		assertThat(jdbc.sql("""
				select max_inactive_interval from spring_session where principal_name = 'wg.nongchang.1'
				 order by last_access_time desc limit 1""").query(Integer.class).single()).isEqualTo(30 * 60);
		page.post("/preferences/elder-mode", "on=false&back=/");

		// signed out everywhere when the row goes (as an administrator ending a session, or its expiry, would)
		jdbc.sql("delete from spring_session where principal_name = 'wg.nongchang.1'").update();
		HttpResponse<String> after = page.page("/notifications");
		assertThat(after.statusCode()).isEqualTo(302);
		assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");
	}

	/** Right after sign-in, pages that come at once each make the CSRF token: one session, no error page. */
	@Test
	void pagesOpenedAtOnceAfterSignInAllAnswer() throws Exception {
		PageSession page = new PageSession(port);
		page.login("sq.nongchang", ApiClient.PASSWORD);
		try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
			var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
			for (int i = 0; i < 48; i++) {
				String path = i % 2 == 0 ? "/notifications" : "/notifications/badge";
				answers.add(pool.submit(() -> page.get(path)));
			}
			for (var answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
		}
	}

	private long sessionsOf(String username) {
		return jdbc.sql("select count(*) from spring_session where principal_name = ?").param(username)
			.query(Long.class).single();
	}
}
