package org.xingfu.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;

/**
 * Checks a username and password, with lockout after repeated failures; the same rules serve the login page and
 * the token endpoint, so neither is a way around the other.
 */
@Service
class Authenticator {

	/** Why a login was refused. */
	enum Failure {
		BAD_CREDENTIALS, LOCKED,
		/** The password was right, but staff have disabled the account. */
		DISABLED,
		/** The password was a one-time password, and it was not used in time. */
		EXPIRED
	}

	/** Who signed in, and whether their password must be changed before anything else. */
	record SignedIn(Actor actor, Account account) {
		boolean mustChangePassword() {
			return account.mustChangePassword();
		}
	}

	static final class LoginRefused extends RuntimeException {
		private final Failure failure;
		private final Instant lockedUntil;

		LoginRefused(Failure failure, Instant lockedUntil) {
			super(failure.name());
			this.failure = failure;
			this.lockedUntil = lockedUntil;
		}

		Failure failure() {
			return failure;
		}

		Instant lockedUntil() {
			return lockedUntil;
		}
	}

	// compared against when the username is unknown, so timing does not tell which usernames exist
	private final String dummyHash;

	private final AccountRepository accounts;
	private final PasswordEncoder passwordEncoder;
	private final OrganizationDirectory directory;
	private final IdentitySettings settings;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Authenticator(AccountRepository accounts, PasswordEncoder passwordEncoder, OrganizationDirectory directory,
			IdentitySettings settings, ApplicationEventPublisher events, Optional<Clock> clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.directory = directory;
		this.settings = settings;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
		this.dummyHash = passwordEncoder.encode("not-a-password");
	}

	/**
	 * The actor for valid credentials; otherwise {@link LoginRefused}. Failures are committed even so. Whether the
	 * password may serve for more than choosing a new one is the caller's to check ({@link SignedIn}).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = LoginRefused.class)
	SignedIn authenticate(String username, String password) {
		Instant now = clock.instant();
		Optional<Account> found = username == null ? Optional.empty() : accounts.findByUsername(username.strip());
		if (found.isEmpty()) {
			passwordEncoder.matches(password == null || PasswordRules.tooLong(password) ? "" : password, dummyHash);
			throw new LoginRefused(Failure.BAD_CREDENTIALS, null);
		}
		Account account = found.get();
		if (account.lockedAt(now)) {
			throw new LoginRefused(Failure.LOCKED, account.lockedUntil());
		}
		// bcrypt reads 72 bytes: a longer password is not this account's (none can be set), and is not hashed
		if (password == null || PasswordRules.tooLong(password)
				|| !passwordEncoder.matches(password, account.passwordHash())) {
			Optional<Instant> locked = accounts.recordFailure(account.id(), settings.maxFailedLogins(),
					now.plus(settings.lockout()));
			events.publishEvent(ActionRecorded.of(account.username(), locked.isPresent() ? "ACCOUNT_LOCKED"
					: "LOGIN_FAILED", "account", account.id(), cityPath(account), null));
			if (locked.isPresent()) {
				throw new LoginRefused(Failure.LOCKED, locked.get());
			}
			throw new LoginRefused(Failure.BAD_CREDENTIALS, null);
		}
		// told only to whoever knows the password: to anyone else a disabled account looks like a wrong password
		if (!account.enabled()) {
			events.publishEvent(ActionRecorded.of(account.username(), "LOGIN_REFUSED_DISABLED", "account", account.id(),
					cityPath(account), null));
			throw new LoginRefused(Failure.DISABLED, null);
		}
		if (account.oneTimePasswordExpiredAt(now)) {
			events.publishEvent(ActionRecorded.of(account.username(), "LOGIN_REFUSED_EXPIRED", "account", account.id(),
					cityPath(account), null));
			throw new LoginRefused(Failure.EXPIRED, null);
		}
		accounts.recordSuccess(account.id());
		events.publishEvent(ActionRecorded.of(account.username(), "LOGIN_SUCCEEDED", "account", account.id(),
				cityPath(account), null));
		return new SignedIn(actorOf(account), account);
	}

	/** The account's city, where its entries in the audit log belong: its city's administrators read them. */
	static String cityPath(Account account) {
		return "/" + account.cityId() + "/";
	}

	Actor actorOf(Account account) {
		return new Actor(account.id(), account.username(), account.displayName(), account.personId(),
				account.personId() == null ? List.of() : directory.grantsOf(account.personId()));
	}
}
