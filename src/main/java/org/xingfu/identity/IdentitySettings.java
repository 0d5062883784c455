package org.xingfu.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFailedLogins failed logins in a row before the account is locked
 * @param lockout         how long a lock lasts
 * @param tokenTtl        lifetime of an API bearer token
 */
@ConfigurationProperties("xingfu.identity")
record IdentitySettings(int maxFailedLogins, Duration lockout, Duration tokenTtl) {
	IdentitySettings {
		maxFailedLogins = maxFailedLogins <= 0 ? 5 : maxFailedLogins;
		lockout = lockout == null ? Duration.ofMinutes(15) : lockout;
		tokenTtl = tokenTtl == null ? Duration.ofHours(12) : tokenTtl;
	}
}
