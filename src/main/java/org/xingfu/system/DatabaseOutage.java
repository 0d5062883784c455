package org.xingfu.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells an exception caused by the database being away (restarting, refusing connections, out of disk, switched to
 * read-only) from a fault of the request or of the code. The first is answered 503 with {@code Retry-After}: the
 * caller may send the same thing again and, with its Idempotency-Key, nothing is stored twice. The second stays a
 * 500 or whatever its handler says.
 */
final class DatabaseOutage {

	/** Seconds a client is asked to wait: the pool re-opens its connections within a few seconds of the return. */
	static final int RETRY_AFTER_SECONDS = 10;

	private DatabaseOutage() {
	}

	static boolean causedBy(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
					|| t instanceof DataAccessResourceFailureException
					|| t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (t instanceof SQLException sql && outageState(sql.getSQLState())) {
				return true;
			}
			// a statement or commit failed on a connection that died, and the rollback after it failed too: the
			// rollback's exception is thrown. A rollback refused by the driver means the connection is gone.
			if (t instanceof TransactionSystemException tx && (tx.getCause() instanceof SQLException
					|| tx.getApplicationException() != null && causedBy(tx.getApplicationException()))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * PostgreSQL's SQLSTATEs for an unavailable database: class 08 (connection), class 53 (insufficient resources,
	 * disk full among them), 57P01-57P03 (shut down, crashed, cannot connect now) and 25006 (read-only transaction:
	 * the database or a standby refuses writes).
	 */
	static boolean outageState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
				|| state.equals("25006"));
	}
}
