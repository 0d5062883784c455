package org.xingfu.rating;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.NodeType;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * The monthly dispatch (月调度): every compound of every city is rated again on the first of the month, and once
 * shortly after start when the current year has no results yet (a fresh installation shows its ranking at once).
 */
@Component
class RatingSchedule {

	private static final Logger log = LoggerFactory.getLogger(RatingSchedule.class);

	private final CompoundRatings ratings;
	private final OrganizationDirectory directory;
	private final JdbcClient jdbc;

	RatingSchedule(CompoundRatings ratings, OrganizationDirectory directory, JdbcClient jdbc) {
		this.ratings = ratings;
		this.directory = directory;
		this.jdbc = jdbc;
	}

	@Scheduled(cron = "${xingfu.rating.monthly-cron:0 15 3 1 * *}", zone = "Asia/Shanghai")
	@SchedulerLock(name = "rating-monthly", lockAtLeastFor = "5m")
	void monthly() {
		rateEveryCity(true);
	}

	@Scheduled(initialDelayString = "${xingfu.rating.first-delay:40s}", fixedDelay = Long.MAX_VALUE)
	@SchedulerLock(name = "rating-first-run")
	void firstRun() {
		int year = ratings.currentYear();
		if (jdbc.sql("select count(*) from rtg_result where year = ?").param(year).query(Long.class).single() == 0) {
			rateEveryCity(true);
		}
	}

	/** Rates every compound of every city; as the month's dispatch figures when {@code dispatch}. */
	void rateEveryCity(boolean dispatch) {
		int year = ratings.currentYear();
		List<NodeRef> cities = jdbc.sql("select id from org_node where parent_id is null order by id").query(Long.class)
			.list().stream().map(directory::findNode).flatMap(java.util.Optional::stream)
			.filter(n -> n.type() == NodeType.CITY).toList();
		for (NodeRef city : cities) {
			long started = System.nanoTime();
			int n = dispatch ? ratings.dispatchMonth(city) : ratings.rateAll(city, year).size();
			log.info("Rated {} compounds of city {} for {} in {} ms", n, city.id(), year, (System.nanoTime() - started) / 1_000_000);
		}
	}
}
