package org.xingfu.fund;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/** Applies "silence means approval" every minute: a street that lets the limit pass has approved. */
@Component
class SilentApproval {

	private static final Logger log = LoggerFactory.getLogger(SilentApproval.class);

	private final FundApplications applications;

	SilentApproval(FundApplications applications) {
		this.applications = applications;
	}

	@Scheduled(fixedDelayString = "${xingfu.fund.check-interval:60s}", initialDelayString = "${xingfu.fund.check-delay:45s}")
	@SchedulerLock(name = "fund-silent-approval")
	void run() {
		int approved = applications.approveSilent(Instant.now());
		if (approved > 0) {
			log.info("{} maintenance fund applications approved by the street's silence past the limit", approved);
		}
	}
}
