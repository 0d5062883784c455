package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;


class BusinessCalendarTests {

	// 2026: 中秋 on Friday 25 September; 国庆 1-7 October; make-up working days Sunday 27 September and Saturday 10 October
	private final BusinessCalendar calendar = new BusinessCalendar(Map.of(
			LocalDate.of(2026, 9, 25), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 9, 27), BusinessCalendar.DayKind.WORKDAY,
			LocalDate.of(2026, 10, 1), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 2), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 3), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 4), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 5), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 6), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 7), BusinessCalendar.DayKind.HOLIDAY,
			LocalDate.of(2026, 10, 10), BusinessCalendar.DayKind.WORKDAY));

	private static Instant beijing(int month, int day, int hour) {
		return ZonedDateTime.of(2026, month, day, hour, 0, 0, 0, BusinessCalendar.ZONE).toInstant();
	}

	@Test
	void aMakeUpSundayCountsAndTheHolidayDoesNot() {
		// filed on the 中秋 holiday: Sat no, Sun 27th (make-up) 1, Mon 2, Tue 3 → ends at midnight after Tuesday
		assertThat(calendar.addWorkingDays(beijing(9, 25, 10), 3)).isEqualTo(beijing(9, 30, 0));
	}

	@Test
	void theGoldenWeekIsSkippedAndTheMakeUpSaturdayCounts() {
		// filed Wednesday 30 September: 1-7 October off, Thu 8th 1, Fri 9th 2, Sat 10th (make-up) 3
		assertThat(calendar.addWorkingDays(beijing(9, 30, 16), 2)).isEqualTo(beijing(10, 10, 0));
		assertThat(calendar.addWorkingDays(beijing(9, 30, 16), 3)).isEqualTo(beijing(10, 11, 0));
		// an ordinary week: filed Friday, 1 working day is Monday
		assertThat(calendar.addWorkingDays(beijing(10, 16, 9), 1)).isEqualTo(beijing(10, 20, 0));
	}

	@Test
	void clockHoursIgnoreTheCalendar() {
		assertThat(BusinessCalendar.addHours(beijing(10, 1, 23), 2)).isEqualTo(beijing(10, 2, 1));
	}

	/** A property over 2,000 random start times in 2026 and spans of 1 to 30 days (fixed seed: repeatable). */
	@Test
	void theDeadlineEndsExactlyTheNthWorkingDay() {
		java.util.Random random = new java.util.Random(20261129);
		for (int i = 0; i < 2000; i++) {
			Instant start = Instant.ofEpochSecond(1_767_225_600L + (long) (random.nextDouble() * 31_449_600L));
			int days = 1 + random.nextInt(30);
			checkDeadline(start, days);
		}
	}

	private void checkDeadline(Instant start, int days) {
		Instant due = calendar.addWorkingDays(start, days);
		LocalDate first = start.atZone(BusinessCalendar.ZONE).toLocalDate().plusDays(1);
		LocalDate last = due.atZone(BusinessCalendar.ZONE).toLocalDate().minusDays(1);
		assertThat(due).isAfter(start);
		assertThat(due.atZone(BusinessCalendar.ZONE).toLocalTime().toSecondOfDay()).isZero();
		assertThat(calendar.isWorkingDay(last)).isTrue();
		long counted = first.datesUntil(last.plusDays(1)).filter(calendar::isWorkingDay).count();
		assertThat(counted).isEqualTo(days);
	}
}
