package org.xingfu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;
import org.xingfu.shared.ActionRecorded;

@XingfuTest
class AuditLogTests {

	@LocalServerPort
	int port;

	@Autowired
	AuditLog log;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	org.xingfu.organization.OrganizationDirectory directory;

	@Test
	void stateChangesThroughTheApiAreLoggedWithActorTargetAndSource() {
		ApiClient api = new ApiClient(port);
		long nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		long id = api.post("/api/v1/org/nodes", api.token("sq.nongchang"),
				ApiClient.json(Map.of("parentId", nongchang, "type", "COMPOUND", "name", "审计测试小区"))).json()
			.get("id").asLong();
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'NODE_CREATED' and target_id = ?")
			.param(String.valueOf(id)).query(Long.class).single() == 1);
		Map<String, Object> row = jdbc.sql("select actor, source_address, node_path from aud_entry where target_id = ? and action = 'NODE_CREATED'")
			.param(String.valueOf(id)).query().singleRow();
		assertThat(row.get("actor")).isEqualTo("sq.nongchang");
		assertThat(row.get("source_address")).isEqualTo("127.0.0.1");
		assertThat((String) row.get("node_path")).endsWith("/" + id + "/");
	}

	@Test
	void viewsOfUnmaskedPersonalDataAreLoggedAndMaskedViewsAreNot() {
		long person = jdbc.sql("""
				select p.id from org_person p join org_residency r on r.person_id = p.id
				  join org_node h on h.id = r.household_id
				 where h.path like (select path || '%' from org_node where name = '财政小区') order by p.id limit 1""")
			.query(Long.class).single();
		PageSession staff = new PageSession(port);
		staff.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(staff.get("/admin/org/people/" + person)).isEqualTo(200);
		PageSession property = new PageSession(port);
		property.login("wy.guoxin", ApiClient.PASSWORD);
		assertThat(property.get("/admin/org/people/" + person)).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'PERSONAL_DATA_VIEWED' and target_id = ? and actor = 'sq.nongchang'")
			.param(String.valueOf(person)).query(Long.class).single() == 1);
		assertThat(jdbc.sql("select count(*) from aud_entry where action = 'PERSONAL_DATA_VIEWED' and actor = 'wy.guoxin'")
			.query(Long.class).single()).isZero();
		// out of scope: 404, and nothing logged
		PageSession other = new PageSession(port);
		other.login("sq.chaoyang", ApiClient.PASSWORD);
		assertThat(other.get("/admin/org/people/" + person)).isEqualTo(404);
	}

	@Test
	void streetAdminsBrowseTheirStreetOnly() {
		var lingdong = org.xingfu.TestActors.of(jdbc, directory, "jd.lingdong");
		var admin = org.xingfu.TestActors.of(jdbc, directory, "admin");
		String lingdongPath = jdbc.sql("select path from org_node where name = '岭东街道'").query(String.class).single();
		var page = log.browse(lingdong, "", 0, 500);
		assertThat(page.items()).allMatch(e -> e.nodePath() != null && e.nodePath().startsWith(lingdongPath));
		assertThat(log.browse(admin, "ACCOUNT_CREATED", 0, 50).total()).isGreaterThanOrEqualTo(11);
		assertThat(log.browse(lingdong, "ACCOUNT_CREATED", 0, 50).total()).isZero();
	}

	@Test
	void theChainVerifiesAndATamperedEntryIsNamed() {
		for (int i = 0; i < 3; i++) {
			tx.executeWithoutResult(s -> events.publishEvent(new ActionRecorded("tester", "TEST_ACTION", "test", "t",
					null, null, "before tampering", Instant.now())));
		}
		// written at once with the action, sealed into the chain within about a second
		assertThat(jdbc.sql("select count(*) from aud_entry where action = 'TEST_ACTION'").query(Long.class).single())
			.isGreaterThanOrEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'TEST_ACTION' and hash is null").query(Long.class).single() == 0);
		assertThat(log.verify().intact()).isTrue();

		// the application's role may not change or remove an entry (issue 24), only seal a new one; on a server set up
		// with one role for everything (the suite's external run) the trigger is what refuses
		String refusal = jdbc.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single()
				? "append-only" : "permission denied";
		assertThatThrownBy(() -> jdbc.sql("update aud_entry set detail = 'x' where action = 'TEST_ACTION'").update())
			.rootCause().hasMessageContaining(refusal);
		assertThatThrownBy(() -> jdbc.sql("delete from aud_entry where action = 'TEST_ACTION'").update())
			.rootCause().hasMessageContaining(refusal);
		assertThatThrownBy(() -> jdbc.sql("update aud_entry set hash = null where action = 'TEST_ACTION'").update())
			.rootCause().hasMessageContaining("append-only");
		// and the table refuses edits outright, even from its owner
		JdbcClient owner = org.xingfu.SuiteDatabase.asOwner(dataSource);
		assertThatThrownBy(() -> owner.sql("update aud_entry set detail = 'x' where action = 'TEST_ACTION'").update())
			.rootCause().hasMessageContaining("append-only");
		assertThatThrownBy(() -> owner.sql("delete from aud_entry where action = 'TEST_ACTION'").update())
			.rootCause().hasMessageContaining("append-only");

		// someone with database rights goes around the trigger: verification names the entry
		long victim = jdbc.sql("select min(id) from aud_entry where action = 'TEST_ACTION'").query(Long.class).single();
		tamper("update aud_entry set detail = 'after tampering' where id = " + victim);
		try {
			AuditLog.Verification result = log.verify();
			assertThat(result.intact()).isFalse();
			assertThat(result.firstBrokenId()).contains(victim);
			assertThat(result.reason()).isEqualTo("content");
		}
		finally {
			tamper("update aud_entry set detail = 'before tampering' where id = " + victim);
		}
		assertThat(log.verify().intact()).isTrue();
	}

	/**
	 * What only someone with the database's keys could do: the application's role may neither switch the trigger
	 * off nor change an entry (issue 24), so the superuser does, in one transaction.
	 */
	private void tamper(String sql) {
		org.xingfu.SuiteDatabase.asAdministrator(dataSource).sql("do $$ begin "
				+ "alter table aud_entry disable trigger aud_entry_no_update; " + sql + "; "
				+ "alter table aud_entry enable trigger aud_entry_no_update; end $$").update();
	}

	@Autowired
	javax.sql.DataSource dataSource;
}
