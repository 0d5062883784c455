package org.xingfu.audit;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Links new entries into the hash chain, in batches. Only entries of transactions that have finished are taken
 * (their transaction id is below the oldest one still running), so an entry committed late is sealed in a later
 * round rather than leaving a hole. An advisory lock lets one application node seal at a time.
 */
@Component
class AuditSealer {

	private static final long SEAL_LOCK = 0x58494e474655L; // "XINGFU"

	private final JdbcClient jdbc;
	private final TransactionTemplate transaction;
	private final org.springframework.jdbc.core.JdbcTemplate batch;

	private final AuditKey key;

	AuditSealer(JdbcClient jdbc, TransactionTemplate transaction, org.springframework.jdbc.core.JdbcTemplate batch,
			AuditKey key) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.transaction = transaction;
		this.key = key;
	}

	@Scheduled(fixedDelayString = "${xingfu.audit.seal-interval:1s}")
	void run() {
		while (sealBatch(5000) == 5000) {
			// keep going while there is a backlog
		}
	}

	/** Seals up to {@code limit} entries; returns how many. */
	int sealBatch(int limit) {
		AuditKey.Loaded sealing = key.forSealing().orElse(null);
		if (sealing == null) {
			return 0; // said in the log: this node has not the installation's key
		}
		Integer sealed = transaction.execute(status -> {
			if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(SEAL_LOCK).query(Boolean.class).single()) {
				return 0;
			}
			record Last(long seq, String hash) {
			}
			Last last = jdbc.sql("select seq, hash from aud_entry where seq is not null order by seq desc limit 1")
				.query((rs, i) -> new Last(rs.getLong(1), rs.getString(2))).optional()
				.orElse(new Last(0, AuditEntry.GENESIS));
			List<AuditEntry> fresh = jdbc.sql("""
					select * from aud_entry
					 where hash is null and xid < pg_snapshot_xmin(pg_current_snapshot())
					 order by id limit ?""").param(limit).query(AuditLog::map).list();
			long seq = last.seq();
			String previous = last.hash();
			List<Object[]> updates = new ArrayList<>();
			for (AuditEntry e : fresh) {
				seq++;
				String hash = AuditEntry.hash(seq < sealing.keyedFromSeq() ? null : sealing.key(), previous, seq,
						e.occurredAt(), e.actor(), e.action(), e.targetType(), e.targetId(), e.nodePath(),
						e.sourceAddress(), e.detail());
				updates.add(new Object[] { seq, previous, hash, e.id(), java.sql.Timestamp.from(e.occurredAt()) });
				previous = hash;
			}
			// with the time too, so each update goes to its month's partition only
			batch.batchUpdate("update aud_entry set seq = ?, prev_hash = ?, hash = ? where id = ? and occurred_at = ?",
					updates);
			return updates.size();
		});
		return sealed == null ? 0 : sealed;
	}
}
