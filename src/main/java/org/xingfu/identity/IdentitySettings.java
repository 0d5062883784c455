package org.xingfu.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFailedLogins        failed logins in a row before the account is locked
 * @param lockout                how long a lock lasts
 * @param tokenTtl               lifetime of an API bearer token
 * @param oneTimePasswordTtl     how long a password set by someone else (bootstrap, opening, reset) may be used for
 *                               the first sign-in and change
 * @param staffIdleTimeout       a page session of staff ends after this long without a request, fixed by the server
 * @param residentIdleTimeout    the same for residents and volunteers
 * @param elderIdleTimeout       for residents who chose 长辈模式 on their account: a slowly filled form survives
 */
@ConfigurationProperties("xingfu.identity")
record IdentitySettings(int maxFailedLogins, Duration lockout, Duration tokenTtl, Duration oneTimePasswordTtl,
		Duration staffIdleTimeout, Duration residentIdleTimeout, Duration elderIdleTimeout) {
	IdentitySettings {
		maxFailedLogins = maxFailedLogins <= 0 ? 5 : maxFailedLogins;
		lockout = lockout == null ? Duration.ofMinutes(15) : lockout;
		tokenTtl = tokenTtl == null ? Duration.ofHours(12) : tokenTtl;
		oneTimePasswordTtl = oneTimePasswordTtl == null ? Duration.ofHours(72) : oneTimePasswordTtl;
		staffIdleTimeout = staffIdleTimeout == null ? Duration.ofMinutes(30) : staffIdleTimeout;
		residentIdleTimeout = residentIdleTimeout == null ? Duration.ofMinutes(30) : residentIdleTimeout;
		elderIdleTimeout = elderIdleTimeout == null ? Duration.ofHours(8) : elderIdleTimeout;
	}
}
