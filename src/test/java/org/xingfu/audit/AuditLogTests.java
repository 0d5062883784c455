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
	void theChainVerifiesAndATamperedEntryIsNamed() {
		for (int i = 0; i < 3; i++) {
			tx.executeWithoutResult(s -> events.publishEvent(new ActionRecorded("tester", "TEST_ACTION", "test", "t",
					null, null, "before tampering", Instant.now())));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'TEST_ACTION'").query(Long.class).single() >= 3);
		assertThat(log.verify().intact()).isTrue();

		// the table refuses edits outright
		assertThatThrownBy(() -> jdbc.sql("update aud_entry set detail = 'x' where action = 'TEST_ACTION'").update())
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("delete from aud_entry where action = 'TEST_ACTION'").update())
			.hasMessageContaining("append-only");

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

	private void tamper(String sql) {
		tx.executeWithoutResult(s -> {
			jdbc.sql("alter table aud_entry disable trigger aud_entry_no_update").update();
			jdbc.sql(sql).update();
			jdbc.sql("alter table aud_entry enable trigger aud_entry_no_update").update();
		});
	}
}
