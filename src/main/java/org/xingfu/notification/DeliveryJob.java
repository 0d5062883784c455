package org.xingfu.notification;

import java.time.Clock;
import java.util.Optional;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Sends the outside deliveries that are due, every half minute. */
@Component
class DeliveryJob {

	private final Deliveries deliveries;
	private final Clock clock;

	DeliveryJob(Deliveries deliveries, Optional<Clock> clock) {
		this.deliveries = deliveries;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	@Scheduled(fixedDelayString = "${xingfu.notify.interval:30s}", initialDelayString = "${xingfu.notify.delay:40s}")
	void run() {
		deliveries.sendDue(clock.instant());
	}
}
