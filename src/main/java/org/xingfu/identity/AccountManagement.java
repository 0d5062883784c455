package org.xingfu.identity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;

/** Creating accounts for people (used by the demo loader and, later, the staff pages). */
@Service
public class AccountManagement {

	private final AccountRepository accounts;
	private final PasswordEncoder passwordEncoder;
	private final ApplicationEventPublisher events;
	private final OrganizationDirectory directory;

	AccountManagement(AccountRepository accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events,
			OrganizationDirectory directory) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
		this.directory = directory;
	}

	/** The actor an enabled account acts as, e.g. the colleague a case is handed over to. */
	public java.util.Optional<Actor> actorOf(String username) {
		return accounts.findByUsername(username).filter(Account::enabled).filter(a -> a.personId() != null)
			.map(a -> new Actor(a.id(), a.username(), a.displayName(), a.personId(), directory.grantsOf(a.personId())));
	}

	/** Hashes a password once, for loaders that give many accounts the same initial password. */
	public String hash(String rawPassword) {
		return passwordEncoder.encode(rawPassword);
	}

	/** An account opened by staff for a person, with the one-time password to hand over. */
	public record OpenedAccount(long id, String username, String initialPassword) {
	}

	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{3,50}");
	private final java.security.SecureRandom random = new java.security.SecureRandom();

	/**
	 * Opens an account for a person the actor may edit. The initial password is random, shown once, and must be
	 * changed at the first login.
	 */
	@Transactional
	/** Of these people, those with an enabled account: the only ones who read an inbox. */
	public java.util.List<Long> withAccounts(java.util.Collection<Long> personIds) {
		return accounts.withAccounts(personIds);
	}

	public OpenedAccount openAccount(Actor actor, long personId, String username) {
		String home = directory.personHome(actor, personId)
			.orElseThrow(() -> new NotFoundException("person", personId));
		if (!actor.reaches(home, Role.ORG_EDITORS)) {
			throw new ForbiddenException("open account");
		}
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
		StringBuilder password = new StringBuilder();
		while (password.length() < 10 || password.chars().noneMatch(Character::isDigit)
				|| password.chars().noneMatch(Character::isLetter)) {
			if (password.length() >= 10) {
				password.setLength(0);
			}
			password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		String displayName = directory.person(actor, personId).name();
		String hash = passwordEncoder.encode(password);
		long id = accounts.create(name, hash, personId, displayName);
		accounts.changePassword(id, hash, true);
		events.publishEvent(ActionRecorded.of(actor.username(), "ACCOUNT_OPENED", "account", id, home, null));
		return new OpenedAccount(id, name, password.toString());
	}

	/** Changes one's own password after checking the current one. */
	@Transactional
	public void changeOwnPassword(Actor actor, String current, String next) {
		Account account = accounts.findById(actor.accountId()).orElseThrow();
		if (!passwordEncoder.matches(current, account.passwordHash())) {
			throw new ConflictException("password.error.current");
		}
		accounts.changePassword(account.id(), passwordEncoder.encode(next), false);
		events.publishEvent(ActionRecorded.of(actor.username(), "PASSWORD_CHANGED", "account", account.id(), null,
				null));
	}

	@Transactional
	public long createAccount(String actor, String username, String passwordHash, Long personId, String displayName) {
		long id = accounts.create(username, passwordHash, personId, displayName);
		events.publishEvent(ActionRecorded.of(actor, "ACCOUNT_CREATED", "account", id, null, null));
		return id;
	}
}
