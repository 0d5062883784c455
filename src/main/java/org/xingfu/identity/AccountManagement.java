package org.xingfu.identity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;

/** Creating accounts for people (used by the demo loader and, later, the staff pages). */
@Service
public class AccountManagement {

	private final AccountRepository accounts;
	private final PasswordEncoder passwordEncoder;
	private final ApplicationEventPublisher events;

	AccountManagement(AccountRepository accounts, PasswordEncoder passwordEncoder, ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.events = events;
	}

	/** Hashes a password once, for loaders that give many accounts the same initial password. */
	public String hash(String rawPassword) {
		return passwordEncoder.encode(rawPassword);
	}

	@Transactional
	public long createAccount(String actor, String username, String passwordHash, Long personId, String displayName) {
		long id = accounts.create(username, passwordHash, personId, displayName);
		events.publishEvent(ActionRecorded.of(actor, "ACCOUNT_CREATED", "account", id, null, null));
		return id;
	}
}
