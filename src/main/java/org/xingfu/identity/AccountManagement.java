package org.xingfu.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;

/**
 * Accounts over their life: opened by staff (or by the bootstrap) with a one-time password, the password changed by
 * its owner or reset by staff, disabled and enabled again. Every change of password and every disabling ends the
 * account's sessions and API tokens at once ({@link AccountSessions}).
 */
@Service
public class AccountManagement {

	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,50}");
	/** One-time passwords: 12 characters of an alphabet without look-alikes (0/O, 1/l/I), about 69 bits. */
	static final int ONE_TIME_LENGTH = 12;

	private final AccountRepository accounts;
	private final PasswordEncoder passwordEncoder;
	private final ApplicationEventPublisher events;
	private final OrganizationDirectory directory;
	private final PasswordRules rules;
	private final AccountSessions sessions;
	private final IdentitySettings settings;
	private final Clock clock;
	private final SecureRandom random = new SecureRandom();

	AccountManagement(AccountRepository accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events,
			OrganizationDirectory directory, PasswordRules rules, AccountSessions sessions, IdentitySettings settings,
			Optional<Clock> clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.directory = directory;
		this.rules = rules;
		this.sessions = sessions;
		this.settings = settings;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** The actor an enabled account acts as, e.g. the colleague a case is handed over to. */
	public Optional<Actor> actorOf(String username) {
		return accounts.findByUsername(username).filter(Account::enabled).filter(a -> a.personId() != null)
			.map(a -> new Actor(a.id(), a.username(), a.displayName(), a.personId(), directory.grantsOf(a.personId())));
	}

	/** Hashes a password once, for loaders that give many accounts the same initial password. */
	public String hash(String rawPassword) {
		return passwordEncoder.encode(rawPassword);
	}

	/** Of these people, those with an enabled account: the only ones who read an inbox. */
	public java.util.List<Long> withAccounts(java.util.Collection<Long> personIds) {
		return accounts.withAccounts(personIds);
	}

	/** An account opened (or a password reset) by staff, with the one-time password to hand over. */
	public record OpenedAccount(long id, String username, String initialPassword, Instant expiresAt) {
	}

	/**
	 * Opens an account for a person the actor may edit. The password is random, shown once, must be changed at the
	 * first sign-in and expires unused after {@code xingfu.identity.one-time-password-ttl}.
	 */
	@Transactional
	public OpenedAccount openAccount(Actor actor, long personId, String username) {
		String home = editablePersonHome(actor, personId);
		String name = username == null ? "" : username.strip();
		if (!USERNAME.matcher(name).matches()) {
			throw new ConflictException("account.error.username");
		}
		if (accounts.existsForPerson(personId)) {
			throw new ConflictException("account.error.hasAccount");
		}
		if (accounts.findByUsername(name).isPresent()) {
			throw new ConflictException("account.error.taken");
		}
		String password = oneTimePassword();
		Instant expires = clock.instant().plus(settings.oneTimePasswordTtl());
		String displayName = directory.person(actor, personId).name();
		String hash = passwordEncoder.encode(password);
		long id = accounts.create(name, hash, personId, displayName);
		accounts.changePassword(id, hash, expires);
		events.publishEvent(ActionRecorded.of(actor.username(), "ACCOUNT_OPENED", "account", id, home, null));
		return new OpenedAccount(id, name, password, expires);
	}

	/**
	 * Staff give the account of a person of their scope a new one-time password (a resident who forgot theirs):
	 * every session and token of the account ends.
	 */
	@Transactional
	public OpenedAccount resetPassword(Actor actor, long personId) {
		String home = editablePersonHome(actor, personId);
		Account account = accounts.findByPerson(personId).orElseThrow(() -> new NotFoundException("account", personId));
		if (account.id() == actor.accountId()) {
			throw new ConflictException("account.error.self");
		}
		String password = oneTimePassword();
		Instant expires = clock.instant().plus(settings.oneTimePasswordTtl());
		accounts.changePassword(account.id(), passwordEncoder.encode(password), expires);
		sessions.endAll(account.id(), account.username(), null);
		events.publishEvent(ActionRecorded.of(actor.username(), "PASSWORD_RESET", "account", account.id(), home, null));
		return new OpenedAccount(account.id(), account.username(), password, expires);
	}

	/**
	 * Disables or enables again the account of a person of the actor's scope, with a reason for the audit log. A
	 * disabled account cannot sign in; its sessions and tokens end at once.
	 */
	@Transactional
	public void enable(Actor actor, long personId, boolean enabled, String reason) {
		String home = editablePersonHome(actor, personId);
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > 200) {
			throw new InvalidFieldException("reason", why.isEmpty() ? "account.error.reason" : "account.error.reasonLong");
		}
		Account account = accounts.findByPerson(personId).orElseThrow(() -> new NotFoundException("account", personId));
		if (account.id() == actor.accountId()) {
			throw new ConflictException("account.error.self");
		}
		if (!accounts.enable(account.id(), enabled, why)) {
			throw new ConflictException(enabled ? "account.error.alreadyEnabled" : "account.error.alreadyDisabled");
		}
		if (!enabled) {
			sessions.endAll(account.id(), account.username(), null);
		}
		// the reason is the staff member's own words about an account, not a person's data: kept, cut to fit
		events.publishEvent(ActionRecorded.of(actor.username(), enabled ? "ACCOUNT_ENABLED" : "ACCOUNT_DISABLED",
				"account", account.id(), home, why));
	}

	/** The state of a person's account, for the person's page. */
	public record AccountState(long id, String username, boolean enabled, boolean mustChangePassword,
			Instant passwordExpiresAt, String disabledReason, String disabledAt) {
	}

	@Transactional(readOnly = true)
	public Optional<AccountState> accountOf(Actor actor, long personId) {
		String home = directory.personHome(actor, personId).orElseThrow(() -> new NotFoundException("person", personId));
		if (!actor.reaches(home, Role.ORG_EDITORS)) {
			return Optional.empty();
		}
		return accounts.findByPerson(personId).map(a -> {
			Optional<String[]> disabled = accounts.disabled(a.id());
			return new AccountState(a.id(), a.username(), a.enabled(), a.mustChangePassword(), a.passwordExpiresAt(),
					disabled.map(d -> d[0]).orElse(null), disabled.map(d -> d[1]).orElse(null));
		});
	}

	/**
	 * Changes one's own password after checking the current one. The other sessions and every API token of the
	 * account end; the page session it was changed in goes on (with a new id, given by the caller).
	 */
	@Transactional
	public void changeOwnPassword(Actor actor, String current, String next, String keepSessionId) {
		Account account = accounts.findById(actor.accountId()).orElseThrow();
		checkNewPassword(account, current, next);
		accounts.changePassword(account.id(), passwordEncoder.encode(next), null);
		sessions.endAll(account.id(), account.username(), keepSessionId);
		events.publishEvent(ActionRecorded.of(actor.username(), "PASSWORD_CHANGED", "account", account.id(),
				Authenticator.cityPath(account), null));
	}

	/** The same without a session: the API's {@code POST /api/v1/auth/password}, after the caller signed in. */
	@Transactional
	void changePassword(Account account, String current, String next) {
		checkNewPassword(account, current, next);
		accounts.changePassword(account.id(), passwordEncoder.encode(next), null);
		sessions.endAll(account.id(), account.username(), null);
		events.publishEvent(ActionRecorded.of(account.username(), "PASSWORD_CHANGED", "account", account.id(),
				Authenticator.cityPath(account), null));
	}

	private void checkNewPassword(Account account, String current, String next) {
		if (PasswordRules.tooLong(current) || !passwordEncoder.matches(current, account.passwordHash())) {
			throw new InvalidFieldException("current", "password.error.current");
		}
		rules.broken(account.username(), next).ifPresent(key -> {
			throw new InvalidFieldException("next", key);
		});
		if (passwordEncoder.matches(next, account.passwordHash())) {
			throw new InvalidFieldException("next", "password.error.same");
		}
	}

	/** An account made by a loader (the demo) with a password hash it chose: not to be changed at sign-in. */
	@Transactional
	public long createAccount(String actor, String username, String passwordHash, Long personId, String displayName) {
		long id = accounts.create(username, passwordHash, personId, displayName);
		events.publishEvent(ActionRecorded.of(actor, "ACCOUNT_CREATED", "account", id,
				accounts.findById(id).map(Authenticator::cityPath).orElse(null), null));
		return id;
	}

	/** The first administrator's account, by the bootstrap: a one-time password, returned to be printed once. */
	@Transactional
	OpenedAccount createFirstAdministrator(String username, long personId, String displayName, long cityId,
			String cityPath) {
		String password = oneTimePassword();
		Instant expires = clock.instant().plus(settings.oneTimePasswordTtl());
		String hash = passwordEncoder.encode(password);
		long id = accounts.create(username, hash, personId, displayName, cityId);
		accounts.changePassword(id, hash, expires);
		events.publishEvent(ActionRecorded.of("bootstrap", "ACCOUNT_OPENED", "account", id, cityPath, "first administrator"));
		return new OpenedAccount(id, username, password, expires);
	}

	private String editablePersonHome(Actor actor, long personId) {
		String home = directory.personHome(actor, personId).orElseThrow(() -> new NotFoundException("person", personId));
		if (!actor.reaches(home, Role.ORG_EDITORS)) {
			throw new ForbiddenException("edit account");
		}
		return home;
	}

	String oneTimePassword() {
		StringBuilder password = new StringBuilder();
		while (password.length() < ONE_TIME_LENGTH || password.chars().noneMatch(Character::isDigit)
				|| password.chars().noneMatch(Character::isLetter)) {
			if (password.length() >= ONE_TIME_LENGTH) {
				password.setLength(0);
			}
			password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return password.toString();
	}
}
