package org.xingfu.identity;

import java.time.Instant;

/**
 * A login account; {@code personId} links it to the person whose roles it carries. {@code mustChangePassword}: its
 * password was set by someone else and serves only to choose a new one, until {@code passwordExpiresAt}.
 */
record Account(long id, String username, String passwordHash, Long personId, String displayName, boolean enabled,
		int failedAttempts, Instant lockedUntil, boolean mustChangePassword, Instant passwordExpiresAt, long cityId) {

	boolean lockedAt(Instant now) {
		return lockedUntil != null && lockedUntil.isAfter(now);
	}

	boolean oneTimePasswordExpiredAt(Instant now) {
		return mustChangePassword && passwordExpiresAt != null && !passwordExpiresAt.isAfter(now);
	}
}
