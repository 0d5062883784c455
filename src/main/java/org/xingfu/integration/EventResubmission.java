package org.xingfu.integration;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Sends again every event publication still incomplete after a while: an event the broker did not take during an
 * outage, or a module listener that failed. Restarts did this before (republish-outstanding-events-on-restart); now
 * a running node does it too, one node at a time.
 */
@Component
class EventResubmission {

	private static final Logger log = LoggerFactory.getLogger(EventResubmission.class);

	private final IncompleteEventPublications incomplete;
	private final Duration olderThan;

	EventResubmission(IncompleteEventPublications incomplete,
			@Value("${xingfu.events.resubmit-after:5m}") Duration olderThan) {
		this.incomplete = incomplete;
		this.olderThan = olderThan;
	}

	@Scheduled(fixedDelayString = "${xingfu.events.resubmit-interval:1m}", initialDelayString = "${xingfu.events.resubmit-interval:1m}")
	@SchedulerLock(name = "event-resubmission")
	void scheduled() {
		resubmit(olderThan);
	}

	void resubmit(Duration age) {
		log.debug("Resubmitting event publications incomplete for more than {}", age);
		incomplete.resubmitIncompletePublicationsOlderThan(age);
	}
}
