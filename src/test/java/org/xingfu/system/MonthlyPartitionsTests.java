package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

/**
 * History is partitioned by month: the months ahead are made, a query of one month reads that month's partition only
 * (EXPLAIN), and a partition dropped by mistake is made again by the next run.
 */
@XingfuTest
class MonthlyPartitionsTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	MonthlyPartitions partitions;

	@Test
	void theMonthsAheadExistAndAQueryOfOneMonthReadsOnlyItsPartition() {
		LocalDate month = LocalDate.now(CHINA).withDayOfMonth(1);
		for (int i = 0; i <= 3; i++) {
			assertThat(exists("aud_entry_" + name(month.plusMonths(i)))).as("partition of " + month.plusMonths(i)).isTrue();
		}

		String plan = jdbc.sql("""
				explain (format text) select count(*) from aud_entry
				 where occurred_at >= ?::date::timestamp at time zone 'Asia/Shanghai'
				   and occurred_at < (?::date + interval '1 month')::timestamp at time zone 'Asia/Shanghai'""")
			.params(month, month).query(String.class).list().stream().reduce("", (a, b) -> a + "\n" + b);
		assertThat(plan).contains("aud_entry_" + name(month))
			.doesNotContain("aud_entry_" + name(month.plusMonths(1)))
			.doesNotContain("aud_entry_" + name(month.minusMonths(1)))
			.doesNotContain("aud_entry_default");

		// a month ahead gone (dropped by hand): the next run makes it again
		String ahead = "aud_entry_" + name(month.plusMonths(3));
		org.xingfu.SuiteDatabase.asOwner(dataSource).sql("drop table " + ahead).update();
		assertThat(partitions.ensure()).isGreaterThanOrEqualTo(1);
		assertThat(exists(ahead)).isTrue();
	}

	/** A month whose rows sit in the default partition is skipped, and the months after it are still made. */
	@Test
	void aMonthBlockedByRowsInTheDefaultPartitionDoesNotStopTheMonthsAfterIt() {
		LocalDate month = LocalDate.now(CHINA).withDayOfMonth(1);
		// made as the schema's owner, as the migrations make tables: the application's role makes none
		JdbcClient owner = org.xingfu.SuiteDatabase.asOwner(dataSource);
		owner.sql("create table part_probe (at timestamptz not null) partition by range (at)").update();
		try {
			owner.sql("create table part_probe_default partition of part_probe default").update();
			jdbc.sql("insert into part_probe values ((?::date + 15)::timestamp at time zone 'Asia/Shanghai')")
				.param(month.plusMonths(2)).update();
			int made = jdbc.sql("select xf_ensure_monthly_partitions('part_probe', ?, 3)").param(month)
				.query(Integer.class).single();
			assertThat(made).isEqualTo(3);
			assertThat(exists("part_probe_" + name(month.plusMonths(2)))).as("the blocked month").isFalse();
			assertThat(exists("part_probe_" + name(month.plusMonths(3)))).as("the month after it").isTrue();
		}
		finally {
			owner.sql("drop table part_probe").update();
		}
	}

	/** The history that grows for years: requests, their timeline, the audit log, field logs and check-ins. */
	@Test
	void everyHistoryTableIsPartitionedByMonthWithItsMonthsAhead() {
		LocalDate month = LocalDate.now(CHINA).withDayOfMonth(1);
		for (String table : java.util.List.of("req_request", "req_event", "aud_entry", "grd_log", "cmp_checkin")) {
			assertThat(jdbc.sql("select p.partstrat from pg_partitioned_table p where p.partrelid = ?::regclass")
				.param(table).query(String.class).optional()).as(table + " partitioned by range").contains("r");
			for (int i = 0; i <= 3; i++) {
				assertThat(exists(table + "_" + name(month.plusMonths(i)))).as(table + " " + month.plusMonths(i)).isTrue();
			}
		}
		// the dashboards' count of field logs of a month (GridStatistics) reads that month only
		String plan = jdbc.sql("""
				explain (format text) select split_part(node_path, '/', 3), count(*) from grd_log
				 where node_path >= '/' and node_path < '0'
				   and logged_at >= ?::date::timestamp at time zone 'Asia/Shanghai'
				   and logged_at < (?::date + interval '1 month')::timestamp at time zone 'Asia/Shanghai' group by 1""")
			.params(month, month).query(String.class).list().stream().reduce("", (a, b) -> a + "\n" + b);
		assertThat(plan).contains("grd_log_" + name(month))
			.doesNotContain("grd_log_" + name(month.plusMonths(1)))
			.doesNotContain("grd_log_" + name(month.minusMonths(1)))
			.doesNotContain("grd_log_default");
	}

	/** A case's timeline is read from the months since it was filed: the older months are never touched. */
	@Test
	void aCaseTimelineReadsOnlyTheMonthsSinceItWasFiled() {
		long id = new ApiClient(port).fileRequest("jm.caizheng.101", "分区测试：单元门关不上", "门禁坏了，门一直开着。");
		// months of history before this one, as a city that has run for a while has (the demo city has none)
		jdbc.sql("select xf_ensure_monthly_partitions('req_event', ?, 0)")
			.param(LocalDate.now(CHINA).withDayOfMonth(1).minusMonths(3)).query(Integer.class).single();
		long older = jdbc.sql("""
				select count(*) from pg_inherits i join pg_class c on c.oid = i.inhrelid
				 where i.inhparent = 'req_event'::regclass and c.relname like 'req_event_y%' and c.relname < ?""")
			.param("req_event_" + name(LocalDate.now(CHINA).withDayOfMonth(1))).query(Long.class).single();
		String plan = jdbc.sql("""
				explain (analyze, costs off, timing off) select id from req_event
				 where request_id = ? and at >= (select submitted_at from req_request where id = ?) order by id""")
			.params(id, id).query(String.class).list().stream().reduce("", (a, b) -> a + "\n" + b);
		assertThat(older).as("months of history before this one").isPositive();
		String thisMonth = "req_event_" + name(LocalDate.now(CHINA).withDayOfMonth(1));
		assertThat(plan).as(plan).contains(thisMonth);
		int olderLines = 0;
		for (String line : plan.split("\n")) {
			if (isOlder(line, thisMonth)) {
				olderLines++;
				assertThat(line).as("an older month is not read: " + plan).contains("never executed");
			}
		}
		assertThat(olderLines).as("the older months are in the plan, pruned when it runs: " + plan).isPositive();
	}

	private static boolean isOlder(String planLine, String thisMonth) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("req_event_y\\d{4}m\\d{2}").matcher(planLine);
		return m.find() && m.group().compareTo(thisMonth) < 0;
	}

	private boolean exists(String table) {
		return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
	}

	private static String name(LocalDate month) {
		return month.format(DateTimeFormatter.ofPattern("'y'yyyy'm'MM"));
	}
}
