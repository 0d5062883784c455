package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.XingfuTest;

/**
 * The audit log is partitioned by month: the months ahead are made, a query of one month reads that month's
 * partition only (EXPLAIN), and a partition dropped by mistake is made again by the next run.
 */
@XingfuTest
class MonthlyPartitionsTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@Autowired
	JdbcClient jdbc;

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
		jdbc.sql("drop table " + ahead).update();
		assertThat(partitions.ensure()).isGreaterThanOrEqualTo(1);
		assertThat(exists(ahead)).isTrue();
	}

	private boolean exists(String table) {
		return jdbc.sql("select to_regclass(?) is not null").param(table).query(Boolean.class).single();
	}

	private static String name(LocalDate month) {
		return month.format(DateTimeFormatter.ofPattern("'y'yyyy'm'MM"));
	}
}
