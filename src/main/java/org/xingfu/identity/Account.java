package org.xingfu.identity;

import java.time.Instant;

/** A login account; {@code personId} links it to the person whose roles it carries. */
record Account(long id, String username, String passwordHash, Long personId, String displayName, boolean enabled,
		int failedAttempts, Instant lockedUntil) {

	boolean lockedAt(Instant now) {
		return lockedUntil != null && lockedUntil.isAfter(now);
	}
}
