package org.xingfu.request;

import java.sql.Date;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Keeps daily tallies per compound so the rates of a city over a year add up a few hundred thousand small rows
 * instead of scanning a million requests. Every few minutes the recent days are recounted (a case received weeks
 * ago may be confirmed today); the whole history is recounted at start and every night. Days up to yesterday are
 * rolled up; today is always counted live.
 */
@Component
class RatesRollup {

	private static final Logger log = LoggerFactory.getLogger(RatesRollup.class);
	static final int RECENT_DAYS = 60;

	private final JdbcClient jdbc;
	private final TransactionTemplate transaction;

	RatesRollup(JdbcClient jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@Scheduled(initialDelayString = "${xingfu.request.rollup-delay:20s}", fixedDelayString = "${xingfu.request.rollup-interval:5m}")
	@SchedulerLock(name = "request-rates-recent")
	void recent() {
		refresh(LocalDate.now(BusinessCalendar.ZONE).minusDays(RECENT_DAYS));
	}

	@Scheduled(cron = "0 30 2 * * *", zone = "Asia/Shanghai")
	@SchedulerLock(name = "request-rates-nightly", lockAtLeastFor = "5m")
	void nightly() {
		refresh(LocalDate.of(2000, 1, 1));
	}

	/** Recounts the days from {@code from} up to yesterday and moves the rolled-up mark to yesterday. */
	void refresh(LocalDate from) {
		LocalDate today = LocalDate.now(BusinessCalendar.ZONE);
		long started = System.nanoTime();
		transaction.executeWithoutResult(s -> {
			// a first run (or one after a long pause) must cover everything not yet rolled up
			LocalDate rolled = jdbc.sql("select rolled_until from req_rates_rollup where id = 1 for update")
				.query(Date.class).single().toLocalDate();
			LocalDate start = rolled.isBefore(from) ? rolled.minusDays(RECENT_DAYS).isBefore(LocalDate.of(2000, 1, 1))
					? LocalDate.of(2000, 1, 1) : rolled.minusDays(RECENT_DAYS) : from;
			start = start.isAfter(from) ? from : start;
			jdbc.sql("delete from req_rates_daily where day >= ?").param(Date.valueOf(start)).update();
			jdbc.sql("""
					insert into req_rates_daily (compound_id, compound_path, day, received, responded, resolved, rated,
					                             satisfied, basically, city_id)
					select r.compound_id, c.path, (r.submitted_at at time zone 'Asia/Shanghai')::date,
					       count(*),
					       count(*) filter (where r.first_accepted_at is not null and r.first_accepted_at <= r.first_accept_due_at),
					       count(*) filter (where r.confirmed_at is not null),
					       count(*) filter (where r.satisfaction is not null),
					       count(*) filter (where r.satisfaction = 'SATISFIED'),
					       count(*) filter (where r.satisfaction = 'BASICALLY_SATISFIED'), r.city_id
					  from req_request r join org_node c on c.id = r.compound_id and c.city_id = r.city_id
					 where r.submitted_at >= (:start::date)::timestamp at time zone 'Asia/Shanghai'
					   and r.submitted_at < (:today::date)::timestamp at time zone 'Asia/Shanghai'
					 group by r.compound_id, c.path, (r.submitted_at at time zone 'Asia/Shanghai')::date, r.city_id""")
				.param("start", Date.valueOf(start))
				.param("today", Date.valueOf(today))
				.update();
			jdbc.sql("update req_rates_rollup set rolled_until = ? where id = 1").param(Date.valueOf(today.minusDays(1)))
				.update();
		});
		log.debug("rates rolled up from {} in {} ms", from, (System.nanoTime() - started) / 1_000_000);
	}
}
