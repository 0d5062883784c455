package org.xingfu.request;

import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * The business calendar (weekends, public holidays and make-up working days in Asia/Shanghai) for other modules'
 * time limits, for example "confirmed on site within 2 working days" of the maintenance fund. One calendar for the
 * whole platform, kept with the request time limits it was first made for.
 */
@Component
public class WorkingDays {

	private final RequestRules rules;

	WorkingDays(RequestRules rules) {
		this.rules = rules;
	}

	/** The end (24:00 local time) of the {@code days}-th working day after the day of {@code from}. */
	public Instant add(Instant from, int days) {
		return rules.calendar().addWorkingDays(from, days);
	}
}
