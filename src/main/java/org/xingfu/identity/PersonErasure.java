package org.xingfu.identity;

import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.OrganizationManagement;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.InvalidFieldException;

/**
 * Staff erase a person who moved away (issue 24, PIPL art. 47), in one transaction: the register forgets who it was
 * (OrganizationManagement), the account goes with its sessions and tokens, and every module, told by
 * {@link PersonErased}, removes or anonymises what it keeps of them. Their past cases and votes stay, without them.
 */
@Service
public class PersonErasure {

	/** What stands for an erased person's name, and for the account name in the records they left. */
	static final String PLACEHOLDER = "已注销居民";

	private final OrganizationManagement organization;
	private final AccountRepository accounts;
	private final AccountSessions sessions;
	private final ApplicationEventPublisher events;
	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

	PersonErasure(OrganizationManagement organization, AccountRepository accounts, AccountSessions sessions,
			ApplicationEventPublisher events, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
		this.organization = organization;
		this.accounts = accounts;
		this.sessions = sessions;
		this.events = events;
		this.jdbc = jdbc;
	}

	@Transactional
	public void erase(Actor actor, long personId, String reason) {
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty() || why.length() > 200) {
			throw new InvalidFieldException("reason", why.isEmpty() ? "account.error.reason" : "account.error.reasonLong");
		}
		if (actor.personId() != null && actor.personId() == personId) {
			throw new ConflictException("account.error.self");
		}
		Optional<Account> account = accounts.findByPerson(personId);
		String home = organization.erasePerson(actor, personId, PLACEHOLDER);
		String username = account.map(Account::username).orElse(null);
		// the records they left name them by a placeholder with the person's number, so two erased people's rows
		// do not run together
		events.publishEvent(new PersonErased(personId, username, "erased-" + personId));
		account.ifPresent(a -> {
			sessions.endAll(a.id(), a.username(), null);
			jdbc.sql("delete from idn_username where username = ? and city_id = ?").params(a.username(), a.cityId()).update();
			jdbc.sql("delete from idn_account where id = ? and city_id = ?").params(a.id(), a.cityId()).update();
		});
		events.publishEvent(ActionRecorded.of(actor.username(), "PERSON_ERASED", "person", personId, home, why));
	}
}
