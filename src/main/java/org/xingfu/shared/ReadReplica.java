package org.xingfu.shared;

import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads that may be answered by a PostgreSQL streaming replica when one is configured ({@code xingfu.replica.url}):
 * dashboards, reports and exports, whose figures may be a moment behind. Never for a read that must see what the
 * caller has just written, and nothing inside may write (the replica refuses it). Without a replica the reads go to
 * the primary database as any other.
 *
 * <p>The choice is made when the first statement takes its connection. Inside a transaction already running,
 * {@code read} changes nothing: the reads stay on that transaction's database, so a transaction never begins on the
 * replica and then tries to write there (a report rendered and stored in one transaction stays on the primary).
 */
public final class ReadReplica {

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private ReadReplica() {
	}

	public static <T> T read(Supplier<T> reads) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return reads.get();
		}
		Boolean before = ACTIVE.get();
		ACTIVE.set(Boolean.TRUE);
		try {
			return reads.get();
		}
		finally {
			if (before == null) {
				ACTIVE.remove();
			}
			else {
				ACTIVE.set(before);
			}
		}
	}

	/** Whether the current thread is inside {@link #read}. */
	public static boolean active() {
		return Boolean.TRUE.equals(ACTIVE.get());
	}
}
