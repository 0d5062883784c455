package org.xingfu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AuditEntryTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final Instant at = Instant.parse("2026-11-29T03:00:00.123456Z");

	@Test
	void hashCoversEveryFieldAndThePreviousHash() {
		String base = AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", "/1/5/",
				"127.0.0.1", null);
		assertThat(base).hasSize(64).isEqualTo(AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED",
				"node", "5", "/1/5/", "127.0.0.1", null));
		assertThat(AuditEntry.hash(KEY, "1".repeat(64), 1, at, "admin", "NODE_CREATED", "node", "5", "/1/5/", "127.0.0.1",
				null)).isNotEqualTo(base);
		assertThat(AuditEntry.hash(KEY, AuditEntry.GENESIS, 2, at, "admin", "NODE_CREATED", "node", "5", "/1/5/",
				"127.0.0.1", null)).isNotEqualTo(base);
		assertThat(AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at.plusNanos(1000), "admin", "NODE_CREATED", "node", "5",
				"/1/5/", "127.0.0.1", null)).isNotEqualTo(base);
		assertThat(AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", "/1/5/",
				"127.0.0.2", null)).isNotEqualTo(base);
		// a field boundary cannot be shifted: "ab"+"c" differs from "a"+"bc"
		assertThat(AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at, "ab", "c", "node", "5", null, null, null))
			.isNotEqualTo(AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at, "a", "bc", "node", "5", null, null, null));
	}

	/** Keyed: another key, or none (plain SHA-256, the entries from before the key), gives another hash. */
	@Test
	void theHashIsKeyed() {
		String keyed = AuditEntry.hash(KEY, AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", null, null, null);
		byte[] other = KEY.clone();
		other[0] ^= 1;
		assertThat(AuditEntry.hash(other, AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", null, null, null))
			.isNotEqualTo(keyed);
		assertThat(AuditEntry.hash(null, AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", null, null, null))
			.hasSize(64).isNotEqualTo(keyed);
	}
}
