package org.xingfu.identity;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.organization.OrganizationManagement;
import org.xingfu.shared.CliCommand;
import org.xingfu.shared.ConflictException;

/**
 * The first step of a real installation: {@code java -jar xingfu.jar --xingfu.bootstrap.city=公主岭市
 * --xingfu.bootstrap.admin=li.ming} makes the city's root node and its administrator's account with a one-time
 * password, printed once, and exits. It runs only on an installation without any account; run again, it changes
 * nothing and says why. A server started without any account says in its log how to do this.
 */
@Component
class FirstAdministrator implements CliCommand {

	private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);
	private static final long BOOTSTRAP_LOCK = 0x424f4f54L; // "BOOT"
	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final AccountRepository accounts;
	private final AccountManagement management;
	private final OrganizationManagement organization;
	private final TransactionTemplate transaction;
	private final JdbcClient jdbc;

	FirstAdministrator(AccountRepository accounts, AccountManagement management, OrganizationManagement organization,
			TransactionTemplate transaction, JdbcClient jdbc) {
		this.accounts = accounts;
		this.management = management;
		this.organization = organization;
		this.transaction = transaction;
		this.jdbc = jdbc;
	}

	@Override
	public boolean requested(Environment environment) {
		return environment.containsProperty("xingfu.bootstrap.city") || environment.containsProperty("xingfu.bootstrap.admin");
	}

	@Override
	public int run(Environment environment, PrintStream out, PrintStream err) {
		String city = environment.getProperty("xingfu.bootstrap.city", "").strip();
		String admin = environment.getProperty("xingfu.bootstrap.admin", "").strip();
		String name = environment.getProperty("xingfu.bootstrap.name", admin).strip();
		if (city.isEmpty() || city.length() > 100 || city.chars().anyMatch(Character::isISOControl)) {
			err.println("xingfu: --xingfu.bootstrap.city needs the city's name (at most 100 characters)");
			return 2;
		}
		if (!AccountManagement.USERNAME.matcher(admin).matches()) {
			err.println("xingfu: --xingfu.bootstrap.admin needs a username of 3-50 letters, digits or . _ -");
			return 2;
		}
		if (name.isEmpty() || name.length() > 50) {
			err.println("xingfu: --xingfu.bootstrap.name (the administrator's name) has at most 50 characters");
			return 2;
		}
		AccountManagement.OpenedAccount opened;
		try {
			opened = transaction.execute(status -> {
				jdbc.sql("select pg_advisory_xact_lock(?)").param(BOOTSTRAP_LOCK).query().singleRow();
				if (accounts.any()) {
					return null;
				}
				OrganizationManagement.FoundedCity founded = organization.foundCity(city, name);
				return management.createFirstAdministrator(admin, founded.adminPersonId(), name, founded.cityId(),
						founded.cityPath());
			});
		}
		catch (ConflictException ex) {
			err.println("xingfu: a city named " + city + " exists already; nothing was changed");
			return 2;
		}
		if (opened == null) {
			err.println("xingfu: accounts exist already; the first administrator is made only on an installation "
					+ "without any, and nothing was changed");
			return 2;
		}
		out.println("City " + city + " and its administrator " + admin + " were created. Sign in within "
				+ "72 hours (until " + LOCAL.format(opened.expiresAt()) + ", Beijing time) and choose a new password.");
		out.println("one-time password: " + opened.initialPassword());
		return 0;
	}

	/** A server without any account cannot be signed into: say in the log how to make the first one. */
	@EventListener(ApplicationReadyEvent.class)
	void hintWhenEmpty() {
		if (!accounts.any()) {
			log.warn("No account exists yet. Create the city and its first administrator with: java -jar xingfu.jar "
					+ "--xingfu.bootstrap.city=<城市名称> --xingfu.bootstrap.admin=<username> (the demo city: "
					+ "--spring.profiles.active=demo)");
		}
	}
}
