package org.xingfu.system;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Makes the monthly partitions of every range-partitioned table some months ahead (V46's function), at start and
 * every night, so an insert always finds its month. A table joins by being partitioned by range in a migration;
 * nothing here names it.
 */
@Component
class MonthlyPartitions {

	private static final Logger log = LoggerFactory.getLogger(MonthlyPartitions.class);

	private final JdbcClient jdbc;
	private final int monthsAhead;

	MonthlyPartitions(JdbcClient jdbc, @Value("${xingfu.partitions.months-ahead:3}") int monthsAhead) {
		this.jdbc = jdbc;
		this.monthsAhead = monthsAhead;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		ensure();
	}

	@Scheduled(cron = "${xingfu.partitions.cron:0 20 1 * * *}", zone = "Asia/Shanghai")
	@SchedulerLock(name = "monthly-partitions", lockAtLeastFor = "5m")
	void nightly() {
		ensure();
	}

	/** The range-partitioned tables, and how many partitions were made for each; failures are logged, not thrown. */
	int ensure() {
		List<String> parents = jdbc.sql("""
				select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
				  join pg_namespace n on n.oid = c.relnamespace
				 where p.partstrat = 'r' and n.nspname = current_schema() order by c.relname""")
			.query(String.class).list();
		int made = 0;
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
		for (String parent : parents) {
			try {
				int n = jdbc.sql("select xf_ensure_monthly_partitions(?::regclass, ?, ?)")
					.params(parent, today, monthsAhead).query(Integer.class).single();
				if (n > 0) {
					log.info("Made {} monthly partition(s) of {}", n, parent);
				}
				made += n;
				// rows in the default partition keep their month from being made (V52 skips it): an operator moves
				// them (docs/scale-out.md, section 4)
				if (jdbc.sql("select to_regclass(?) is not null").param(parent + "_default").query(Boolean.class).single()
						&& jdbc.sql("select exists (select 1 from " + parent + "_default)").query(Boolean.class).single()) {
					log.warn("Rows of {} are in its default partition: their months cannot be made until they are moved",
							parent);
				}
			}
			catch (RuntimeException ex) {
				// e.g. rows of that month already in the default partition: an operator must move them first
				log.error("Could not make the monthly partitions of {}: {}", parent, ex.getMessage());
			}
		}
		return made;
	}
}
