package org.xingfu.identity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ends every page session and API token of an account, in the transaction of the change that calls for it (a new
 * password, a reset, a disabled account, a role taken away): the rows go, and at commit this node forgets the
 * tokens it had cached and every other node is told through PostgreSQL's NOTIFY ({@link RevocationListener}). A
 * token issued before answers 401 on the very next call.
 */
@Component
class AccountSessions {

	static final String CHANNEL = "xingfu_account_ended";

	private final JdbcClient jdbc;
	private final TokenService tokens;

	AccountSessions(JdbcClient jdbc, TokenService tokens) {
		this.jdbc = jdbc;
		this.tokens = tokens;
	}

	/**
	 * @param keepSessionId the page session the change was made in, which goes on; null to end all
	 */
	void endAll(long accountId, String username, String keepSessionId) {
		jdbc.sql("delete from idn_token where account_id = ?").param(accountId).update();
		jdbc.sql("delete from spring_session where principal_name = ? and session_id is distinct from ?")
			.params(username, keepSessionId).update();
		// delivered to the listening nodes when (and only if) the transaction commits
		jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, String.valueOf(accountId)).query().singleRow();
		tokens.forget(accountId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// a request of the account between the deletes and the commit may have cached its token again
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					tokens.forget(accountId);
				}
			});
		}
	}

	/**
	 * A role taken away ends the sessions and tokens that carried it, in the same transaction: the person signs in
	 * again with what they still hold.
	 */
	@org.springframework.context.event.EventListener
	void on(org.xingfu.organization.RoleRevoked revoked) {
		endAllOfPerson(revoked.personId());
	}

	/** Ends the sessions and tokens of the account of a person, if they have one. */
	void endAllOfPerson(long personId) {
		jdbc.sql("select id, username from idn_account where person_id = ?").param(personId)
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getString(2) }).optional()
			.ifPresent(a -> endAll((Long) a[0], (String) a[1], null));
	}
}
