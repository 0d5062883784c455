package org.xingfu.request;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Working days in Asia/Shanghai: Monday to Friday, minus public holidays, plus make-up working days (调休) that
 * fall on weekends. Pure arithmetic over a table of exceptions, so it is tested without Spring.
 */
final class BusinessCalendar {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	enum DayKind {
		HOLIDAY, WORKDAY
	}

	private final Map<LocalDate, DayKind> exceptions;

	BusinessCalendar(Map<LocalDate, DayKind> exceptions) {
		this.exceptions = Map.copyOf(exceptions);
	}

	boolean isWorkingDay(LocalDate day) {
		DayKind kind = exceptions.get(day);
		if (kind != null) {
			return kind == DayKind.WORKDAY;
		}
		DayOfWeek dow = day.getDayOfWeek();
		return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
	}

	/**
	 * The end (24:00 local time) of the {@code days}-th working day after the day of {@code start}: "within 7
	 * working days" of a request made on Friday afternoon ends at midnight after the 7th working day from Monday.
	 */
	Instant addWorkingDays(Instant start, int days) {
		if (days <= 0) {
			throw new IllegalArgumentException("days must be positive");
		}
		LocalDate day = start.atZone(ZONE).toLocalDate();
		int counted = 0;
		while (counted < days) {
			day = day.plusDays(1);
			if (isWorkingDay(day)) {
				counted++;
			}
		}
		return day.plusDays(1).atStartOfDay(ZONE).toInstant();
	}

	/** Clock hours run round the clock: an emergency does not wait for Monday. */
	static Instant addHours(Instant start, int hours) {
		return start.plus(Duration.ofHours(hours));
	}

	static ZonedDateTime local(Instant instant) {
		return instant.atZone(ZONE);
	}
}
