package org.xingfu.demo;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.campaign.Campaigns;
import org.xingfu.fund.FundAccounts;
import org.xingfu.grid.CareResidents;
import org.xingfu.identity.AccountManagement;
import org.xingfu.property.PropertyCompanies;
import org.xingfu.organization.DemoCityGenerator;

/**
 * Loads the demo city and its accounts on the first start, in one transaction: a start that dies half-way leaves
 * an empty tree and the next start tries again.
 */
@Component
@Order(0)
class DemoLoader implements ApplicationRunner {

	/** The demo accounts listed in the README, in that order. */
	static final List<String> ACCOUNTS = List.of("admin", "jd.lingdong", "jd.hebei", "sq.nongchang", "sq.chaoyang", "sj.caizheng",
			"ld.caizheng.1", "wg.nongchang.1", "wy.guoxin", "jm.caizheng.101", "jm.xinmin.101", "zy.001", "bm.zhujian", "gj.hebei");

	private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

	private final DemoSettings settings;
	private final DemoCityGenerator generator;
	private final AccountManagement accounts;
	private final TransactionTemplate transaction;
	private final FundAccounts fund;
	private final PropertyCompanies property;
	private final CareResidents care;
	private final Campaigns campaigns;

	DemoLoader(DemoSettings settings, DemoCityGenerator generator, AccountManagement accounts,
			TransactionTemplate transaction, FundAccounts fund, PropertyCompanies property, CareResidents care,
			Campaigns campaigns) {
		this.care = care;
		this.campaigns = campaigns;
		this.fund = fund;
		this.property = property;
		this.settings = settings;
		this.generator = generator;
		this.accounts = accounts;
		this.transaction = transaction;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!settings.enabled()) {
			return;
		}
		if (!generator.isEmpty()) {
			// a demo city loaded by an earlier version: give it what later modules seed (idempotent)
			transaction.executeWithoutResult(status -> {
				if (!fund.hasLedger()) {
					log.info("Opened the maintenance fund of {} buildings of the demo city", fund.openDemoAccounts("system"));
				}
				if (!property.hasContracts()) {
					log.info("Recorded {} property service contracts of the demo city", property.openDemoContracts("system"));
				}
				care.openDemoCare("system");
				campaigns.openDemoCampaign("system");
			});
			return;
		}
		long started = System.nanoTime();
		log.info("Loading the demo city (about {} households)", settings.households());
		String hash = accounts.hash(settings.password());
		transaction.executeWithoutResult(status -> {
			DemoCityGenerator.DemoPeople people = generator.generate(settings.households());
			for (String username : ACCOUNTS) {
				Long personId = people.personIds().get(username);
				if (personId == null) {
					throw new IllegalStateException("demo city has no person for " + username);
				}
				accounts.createAccount("system", username, hash, personId, people.displayNames().get(username));
			}
			fund.openDemoAccounts("system");
			property.openDemoContracts("system");
			care.openDemoCare("system");
			campaigns.openDemoCampaign("system");
		});
		log.info("Demo city loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
	}
}
