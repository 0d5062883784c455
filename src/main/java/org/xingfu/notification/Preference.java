package org.xingfu.notification;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A person's outside channels and quiet hours (local time). Quiet hours that start later than they end span
 * midnight: 22:00 to 07:00.
 */
public record Preference(long personId, boolean sms, boolean wechat, String wechatOpenId, LocalTime quietFrom,
		LocalTime quietTo) {

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	static Preference none(long personId) {
		return new Preference(personId, false, false, null, null, null);
	}

	boolean quiet(LocalTime t) {
		if (quietFrom == null || quietTo == null) {
			return false;
		}
		return quietFrom.isBefore(quietTo) ? !t.isBefore(quietFrom) && t.isBefore(quietTo)
				: !t.isBefore(quietFrom) || t.isBefore(quietTo);
	}

	/** When a message may go out: now, or the end of the quiet hours it falls in. */
	Instant due(Instant now) {
		LocalDateTime local = LocalDateTime.ofInstant(now, ZONE);
		if (!quiet(local.toLocalTime())) {
			return now;
		}
		LocalDateTime end = local.toLocalDate().atTime(quietTo);
		if (!end.isAfter(local)) {
			end = end.plusDays(1);
		}
		return end.atZone(ZONE).toInstant();
	}
}
