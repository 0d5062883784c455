package org.xingfu.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {

	private final JdbcClient jdbc;

	AccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Account> findByUsername(String username) {
		return jdbc.sql("""
				select id, username, password_hash, person_id, display_name, enabled, failed_attempts, locked_until,
				       must_change_password, password_expires_at, city_id
				  from idn_account where username = ?""").param(username).query(AccountRepository::map).optional();
	}

	Optional<Account> findById(long id) {
		return jdbc.sql("""
				select id, username, password_hash, person_id, display_name, enabled, failed_attempts, locked_until,
				       must_change_password, password_expires_at, city_id
				  from idn_account where id = ?""").param(id).query(AccountRepository::map).optional();
	}

	/** Counts a failure and, at the limit, locks the account; returns the lock's end, if it locked now. */
	Optional<Instant> recordFailure(long id, int maxFailures, Instant lockedUntil) {
		// one statement, so concurrent failures cannot both escape the count
		return jdbc.sql("""
				update idn_account
				   set failed_attempts = case when failed_attempts + 1 >= :max then 0 else failed_attempts + 1 end,
				       locked_until = case when failed_attempts + 1 >= :max then :until else locked_until end,
				       updated_at = now()
				 where id = :id
				returning failed_attempts = 0 as locked_now, locked_until""")
			.param("max", maxFailures)
			.param("until", Timestamp.from(lockedUntil))
			.param("id", id)
			.query((rs, i) -> rs.getBoolean(1) ? Optional.of(rs.getTimestamp(2).toInstant()) : Optional.<Instant>empty())
			.single();
	}

	void recordSuccess(long id) {
		jdbc.sql("update idn_account set failed_attempts = 0, locked_until = null, last_login_at = now() where id = ?")
			.param(id).update();
	}

	List<Long> withAccounts(java.util.Collection<Long> personIds) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				select person_id from idn_account
				 where enabled and person_id = any (string_to_array(?, ',')::bigint[])""")
			.param(personIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))
			.query(Long.class).list();
	}

	boolean elderMode(long id) {
		return jdbc.sql("select elder_mode from idn_account where id = ?").param(id).query(Boolean.class).optional()
			.orElse(false);
	}

	void elderMode(long id, boolean on) {
		jdbc.sql("update idn_account set elder_mode = ?, updated_at = now() where id = ?").params(on, id).update();
	}

	boolean mustChangePassword(long id) {
		return jdbc.sql("select must_change_password from idn_account where id = ?").param(id).query(Boolean.class)
			.optional().orElse(false);
	}

	boolean existsForPerson(long personId) {
		return jdbc.sql("select count(*) from idn_account where person_id = ?").param(personId).query(Long.class)
			.single() > 0;
	}

	/**
	 * A new password: chosen by its owner ({@code expiresAt} null), or set by someone else and to be changed before
	 * {@code expiresAt}.
	 */
	void changePassword(long id, String passwordHash, Instant expiresAt) {
		jdbc.sql("""
				update idn_account set password_hash = ?, must_change_password = ?, password_expires_at = ?,
				       failed_attempts = 0, locked_until = null, updated_at = now(), version = version + 1
				 where id = ?""").params(passwordHash, expiresAt != null, expiresAt == null ? null : Timestamp.from(expiresAt), id)
			.update();
	}

	/** Disables (with the reason) or enables an account; true when its state changed. */
	boolean enable(long id, boolean enabled, String reason) {
		return jdbc.sql("""
				update idn_account set enabled = ?, disabled_reason = ?, disabled_at = case when ? then null else now() end,
				       updated_at = now(), version = version + 1
				 where id = ? and enabled <> ?""").params(enabled, enabled ? null : reason, enabled, id, enabled).update() == 1;
	}

	/** The account of a person, if they have one. */
	Optional<Account> findByPerson(long personId) {
		return jdbc.sql("select id from idn_account where person_id = ?").param(personId).query(Long.class).optional()
			.flatMap(this::findById);
	}

	/** Whether the installation has any account at all (the bootstrap runs only on one without). */
	boolean any() {
		return jdbc.sql("select exists (select 1 from idn_account)").query(Boolean.class).single();
	}

	/** Why an account was disabled, and when; empty while it is enabled. */
	Optional<String[]> disabled(long id) {
		return jdbc.sql("select disabled_reason, to_char(disabled_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') "
				+ "from idn_account where id = ? and not enabled").param(id)
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) }).optional();
	}

	long create(String username, String passwordHash, Long personId, String displayName) {
		// the account's city is its person's; an account without a person (the administrator) takes the only city
		Long city = jdbc.sql("select coalesce((select city_id from org_person where id = ?), xf_only_city())")
			.param(personId).query(Long.class).list().getFirst();
		return create(username, passwordHash, personId, displayName, city);
	}

	long create(String username, String passwordHash, Long personId, String displayName, Long city) {
		if (city == null) {
			throw new IllegalStateException("an account without a person needs its city when there are several");
		}
		// the directory of usernames keeps them unique across cities, which the account's own unique key
		// (username, city_id) cannot. One statement: both or neither.
		return jdbc.sql("""
				with account as (
				  insert into idn_account (username, password_hash, person_id, display_name, city_id)
				  values (?, ?, ?, ?, ?) returning id, username, city_id),
				directory as (insert into idn_username (username, city_id) select username, city_id from account)
				select id from account""").params(username, passwordHash, personId, displayName, city)
			.query(Long.class)
			.single();
	}

	private static Account map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		long person = rs.getLong(4);
		Long personId = rs.wasNull() ? null : person;
		Timestamp locked = rs.getTimestamp(8);
		Timestamp expires = rs.getTimestamp(10);
		return new Account(rs.getLong(1), rs.getString(2), rs.getString(3), personId, rs.getString(5),
				rs.getBoolean(6), rs.getInt(7), locked == null ? null : locked.toInstant(), rs.getBoolean(9),
				expires == null ? null : expires.toInstant(), rs.getLong(11));
	}
}
