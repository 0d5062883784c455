package org.xingfu.demo;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.campaign.Campaigns;
import org.xingfu.fund.FundAccounts;
import org.xingfu.grid.CareResidents;
import org.xingfu.identity.AccountManagement;
import org.xingfu.organization.DemoCityGenerator;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.property.PropertyCompanies;
import org.xingfu.request.RequestHistoryGenerator;

/**
 * Generates the demo city and its accounts, only when asked ({@code xingfu.demo.enabled}) and only into a database
 * that holds no city at all: in one transaction, which also marks the city as the demo's (V59), so a start that dies
 * half-way leaves an empty database and the next start tries again. A database with a city the demo did not make is
 * left exactly as it is, and so is the demo city once made: nothing here looks anything up by name.
 */
@Component
@Order(0)
class DemoLoader implements ApplicationRunner {

	/** The demo accounts listed in the README, in that order. */
	static final List<String> ACCOUNTS = List.of("admin", "jd.lingdong", "jd.hebei", "sq.nongchang", "sq.chaoyang", "sj.caizheng",
			"ld.caizheng.1", "wg.nongchang.1", "wy.guoxin", "jm.caizheng.101", "jm.xinmin.101", "zy.001", "bm.zhujian", "gj.hebei");

	private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

	// several nodes starting together on an empty database: one generates, the others find the city made
	private static final long GENERATE_LOCK = 0x44454d4fL; // "DEMO"

	private final DemoSettings settings;
	private final DemoCities demoCities;
	private final DemoCityGenerator generator;
	private final AccountManagement accounts;
	private final TransactionTemplate transaction;
	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final FundAccounts fund;
	private final PropertyCompanies property;
	private final CareResidents care;
	private final Campaigns campaigns;
	private final RequestHistoryGenerator requestHistory;

	DemoLoader(DemoSettings settings, DemoCities demoCities, DemoCityGenerator generator, AccountManagement accounts,
			TransactionTemplate transaction, JdbcClient jdbc, OrganizationDirectory directory, FundAccounts fund,
			PropertyCompanies property, CareResidents care, Campaigns campaigns, RequestHistoryGenerator requestHistory) {
		this.settings = settings;
		this.demoCities = demoCities;
		this.generator = generator;
		this.accounts = accounts;
		this.transaction = transaction;
		this.jdbc = jdbc;
		this.directory = directory;
		this.fund = fund;
		this.property = property;
		this.care = care;
		this.campaigns = campaigns;
		this.requestHistory = requestHistory;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!settings.enabled()) {
			return;
		}
		long started = System.nanoTime();
		Long made = transaction.execute(status -> {
			jdbc.sql("select pg_advisory_xact_lock(?)").param(GENERATE_LOCK).query().singleRow();
			if (demoCities.demoCity().isPresent()) {
				return null;
			}
			if (!generator.isEmpty()) {
				log.warn("The database holds a city that the demo did not generate: the demo city is not loaded, and "
						+ "nothing is changed (xingfu.demo.enabled is ignored here)");
				return null;
			}
			log.info("Generating the demo city (about {} households)", settings.households());
			return generate();
		});
		if (made != null) {
			requestHistory.generate(made);
			log.info("Demo city generated in {} ms", (System.nanoTime() - started) / 1_000_000);
		}
	}

	private long generate() {
		String hash = accounts.hash(settings.password());
		DemoCityGenerator.DemoPeople people = generator.generate(settings.households());
		for (String username : ACCOUNTS) {
			Long personId = people.personIds().get(username);
			if (personId == null) {
				throw new IllegalStateException("demo city has no person for " + username);
			}
			accounts.createAccount("system", username, hash, personId, people.displayNames().get(username));
		}
		NodeRef caizheng = directory.findNode(people.caizhengId()).orElseThrow();
		fund.openDemoAccounts(people.cityId(), "system");
		property.openDemoContracts(people.cityId(), "system");
		care.openDemoCare(caizheng, "system");
		campaigns.openDemoCampaign(caizheng, "system");
		demoCities.mark(people.cityId(), settings.households());
		return people.cityId();
	}
}
