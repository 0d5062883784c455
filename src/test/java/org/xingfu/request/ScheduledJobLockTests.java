package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

/**
 * Several nodes run the same scheduled jobs; only the one holding a job's lock (a row in {@code shedlock}) does the
 * work. Here another node holds the escalation lock: this node's run leaves an overdue case alone. When that lock
 * ends, this node's run escalates it, and releases the lock afterwards.
 */
@XingfuTest
class ScheduledJobLockTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OverdueEscalation escalation;

	@Test
	void anOverdueCaseWaitsWhileAnotherNodeHoldsTheEscalationLock() {
		long id = new ApiClient(port).fileRequest("jm.caizheng.101", "锁测试：电梯按钮失灵", "三号楼电梯按钮按了没反应。");
		String levelBefore = level(id);

		jdbc.sql("""
				insert into shedlock (name, lock_until, locked_at, locked_by)
				values ('request-escalation', now() + interval '10 minutes', now(), 'node-b')
				on conflict (name) do update set lock_until = excluded.lock_until, locked_at = excluded.locked_at,
				  locked_by = excluded.locked_by""").update();
		jdbc.sql("update req_request set accept_due_at = now() - interval '1 minute' where id = ?").param(id).update();

		escalation.run();
		assertThat(holder()).as("the other node still holds the lock").isEqualTo("node-b");
		assertThat(level(id)).as("not escalated by this node while node-b holds the lock").isEqualTo(levelBefore);

		// node-b's lock ends (it finished, or died and its lockAtMostFor passed)
		jdbc.sql("update shedlock set lock_until = now() where name = 'request-escalation'").update();
		escalation.run();
		assertThat(level(id)).isNotEqualTo(levelBefore);
		assertThat(holder()).as("this node took the lock").isNotEqualTo("node-b");
		assertThat(jdbc.sql("select lock_until <= now() from shedlock where name = 'request-escalation'")
			.query(Boolean.class).single()).as("and released it when done").isTrue();
	}

	private String level(long id) {
		return jdbc.sql("select level from req_request where id = ?").param(id).query(String.class).single();
	}

	private String holder() {
		return jdbc.sql("select locked_by from shedlock where name = 'request-escalation'").query(String.class).single();
	}
}
