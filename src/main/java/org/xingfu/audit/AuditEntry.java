package org.xingfu.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * One line of the log. Once sealed, {@code seq} is its position in the chain and {@code hash} covers every field
 * and the previous entry's hash; a fresh entry is unsealed (seq and hashes null) for about a second.
 */
record AuditEntry(long id, Long seq, Instant occurredAt, String actor, String action, String targetType,
		String targetId, String nodePath, String sourceAddress, String detail, String prevHash, String hash) {

	static final String GENESIS = "0".repeat(64);

	private static final java.time.format.DateTimeFormatter LOCAL_TIME = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.of("Asia/Shanghai"));

	/** Beijing time, as staff read it. */
	public String localTime() {
		return LOCAL_TIME.format(occurredAt);
	}

	/** Microsecond precision: what timestamptz keeps, so the hash survives the round trip. */
	static Instant truncate(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

	/** The hash this entry should have: keyed (HMAC) from the key's first position on, plain SHA-256 before it. */
	String computeHash(AuditKey.Loaded key) {
		return hash(key == null || seq < key.keyedFromSeq() ? null : key.key(), prevHash, seq, occurredAt, actor,
				action, targetType, targetId, nodePath, sourceAddress, detail);
	}

	/**
	 * The hash of an entry at chain position {@code seq}, chained to {@code prevHash}: HMAC-SHA256 under {@code key}
	 * (issue 24), or, for the entries sealed before the chain had a key, SHA-256.
	 */
	static String hash(byte[] key, String prevHash, long seq, Instant occurredAt, String actor, String action,
			String targetType, String targetId, String nodePath, String sourceAddress, String detail) {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt);
		String canonical = String.join("\u001f", prevHash, Long.toString(seq), Long.toString(micros), actor, action,
				targetType, targetId, String.valueOf(nodePath), String.valueOf(sourceAddress), String.valueOf(detail));
		byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
		if (key != null) {
			return HexFormat.of().formatHex(AuditKey.mac(key, bytes));
		}
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
