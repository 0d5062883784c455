package org.xingfu.campaign;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/** Every minute: assistance-check lines still open after their deadline go up to the community, once. */
@Component
class AssistanceEscalation {

	private static final Logger log = LoggerFactory.getLogger(AssistanceEscalation.class);

	private final AssistanceChecks checks;

	AssistanceEscalation(AssistanceChecks checks) {
		this.checks = checks;
	}

	@Scheduled(fixedDelayString = "${xingfu.campaign.escalation-interval:60s}", initialDelayString = "${xingfu.campaign.escalation-delay:50s}")
	@SchedulerLock(name = "assistance-escalation")
	void run() {
		int escalated = checks.escalateOverdue(Instant.now());
		if (escalated > 0) {
			log.info("{} assistance-check lines past their deadline escalated to the communities", escalated);
		}
	}
}
