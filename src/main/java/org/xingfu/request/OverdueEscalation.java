package org.xingfu.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.ConflictException;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Every minute, each overdue case climbs one rung: a case nobody accepted within its acceptance window, and a
 * case its level let pass the resolution deadline. A case that arrived at a level already past the deadline is
 * not pushed on again for that deadline: the new level gets its own acceptance window first.
 */
@Component
class OverdueEscalation {

	private static final Logger log = LoggerFactory.getLogger(OverdueEscalation.class);

	private final JdbcClient jdbc;
	private final RequestRepository requests;
	private final RequestManagement management;
	private final TransactionTemplate transaction;
	private final org.springframework.context.ApplicationEventPublisher events;
	private final Clock clock;

	OverdueEscalation(JdbcClient jdbc, RequestRepository requests, RequestManagement management,
			TransactionTemplate transaction, org.springframework.context.ApplicationEventPublisher events,
			Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.requests = requests;
		this.management = management;
		this.transaction = transaction;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Scheduled(fixedDelayString = "${xingfu.request.escalation-interval:60s}", initialDelayString = "${xingfu.request.escalation-delay:30s}")
	@SchedulerLock(name = "request-escalation")
	void run() {
		escalateOverdue(500);
	}

	/** Escalates up to {@code limit} overdue cases, each in its own transaction; returns how many climbed. */
	int escalateOverdue(int limit) {
		Instant now = clock.instant();
		List<Long> due = jdbc.sql("""
				select id from req_request
				 where level <> 'CITY' and (
				       (status = 'SUBMITTED' and accept_due_at < :now)
				    or (status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS') and resolve_due_at < :now
				        and level_entered_at < resolve_due_at))
				 order by accept_due_at limit :limit""")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query(Long.class)
			.list();
		int escalated = 0;
		for (long id : due) {
			try {
				Boolean done = transaction.execute(status -> requests.find(id).filter(r -> r.overdue(now)).map(r -> {
					management.escalateOneLevel(r, "system", "超时自动上报", true);
					events.publishEvent(ActionRecorded.of("system", "REQUEST_AUTO_ESCALATED", "request", r.id(),
							r.nodePath(), r.level().name()));
					return true;
				}).orElse(false));
				escalated += Boolean.TRUE.equals(done) ? 1 : 0;
			}
			catch (ConflictException ex) {
				// changed by someone in the meantime; the next run looks again
				log.debug("request {} changed while escalating", id);
			}
		}
		return escalated;
	}
}
