package org.xingfu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AuditEntryTests {

	private final Instant at = Instant.parse("2026-11-29T03:00:00.123456Z");

	@Test
	void hashCoversEveryFieldAndThePreviousHash() {
		String base = AuditEntry.hash(AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", "/1/5/",
				"127.0.0.1", null);
		assertThat(base).hasSize(64).isEqualTo(AuditEntry.hash(AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED",
				"node", "5", "/1/5/", "127.0.0.1", null));
		assertThat(AuditEntry.hash("1".repeat(64), 1, at, "admin", "NODE_CREATED", "node", "5", "/1/5/", "127.0.0.1",
				null)).isNotEqualTo(base);
		assertThat(AuditEntry.hash(AuditEntry.GENESIS, 2, at, "admin", "NODE_CREATED", "node", "5", "/1/5/",
				"127.0.0.1", null)).isNotEqualTo(base);
		assertThat(AuditEntry.hash(AuditEntry.GENESIS, 1, at.plusNanos(1000), "admin", "NODE_CREATED", "node", "5",
				"/1/5/", "127.0.0.1", null)).isNotEqualTo(base);
		assertThat(AuditEntry.hash(AuditEntry.GENESIS, 1, at, "admin", "NODE_CREATED", "node", "5", "/1/5/",
				"127.0.0.2", null)).isNotEqualTo(base);
		// a field boundary cannot be shifted: "ab"+"c" differs from "a"+"bc"
		assertThat(AuditEntry.hash(AuditEntry.GENESIS, 1, at, "ab", "c", "node", "5", null, null, null))
			.isNotEqualTo(AuditEntry.hash(AuditEntry.GENESIS, 1, at, "a", "bc", "node", "5", null, null, null));
	}
}
