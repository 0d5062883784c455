package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.organization.OrganizationManagement;
import org.xingfu.request.RequestTypes.Urgency;
import org.xingfu.shared.Actor;

/**
 * Issue 24, part 6: settings and Open311 keys belong to one city. A second city's administrator changes their time
 * limits and reopen window, and the demo city keeps its own; each sees only their city's keys. In a transaction
 * rolled back at the end, so the suite's database stays one city.
 */
@XingfuTest
class SettingsPerCityTests {

	@Autowired
	RequestSettings settings;

	@Autowired
	RequestRules rules;

	@Autowired
	Open311Clients clients;

	@Autowired
	OrganizationManagement organization;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void aCityAdministratorChangesOnlyTheirOwnCitysSettingsAndSeesOnlyTheirOwnKeys() {
		Actor demoAdmin = TestActors.of(jdbc, directory, "admin");
		long demoCity = demoAdmin.cityId();
		try {
			transaction.executeWithoutResult(status -> {
				status.setRollbackOnly();
				OrganizationManagement.FoundedCity other = organization.foundCity("双城测试市", "王双城");
				Actor otherAdmin = new Actor(-1, "other.admin", "王双城", other.adminPersonId(),
						directory.grantsOf(other.adminPersonId()));
				assertThat(otherAdmin.cityId()).isEqualTo(other.cityId()).isNotEqualTo(demoCity);
				rules.invalidate();
				int demoReopen = rules.reopenDays(demoCity);
				RequestRules.TimeLimit demoLimit = rules.limit(demoCity, "NOISE", Urgency.EMERGENCY);

				settings.setValues(otherAdmin, demoReopen + 5, new BigDecimal("0.2"), new BigDecimal("0.4"),
						new BigDecimal("0.4"));
				settings.setLimit(otherAdmin, "NOISE", Urgency.EMERGENCY, 1, "HOURS", 5, "HOURS");
				rules.invalidate();
				assertThat(rules.reopenDays(other.cityId())).isEqualTo(demoReopen + 5);
				assertThat(rules.weight(other.cityId(), "response")).isEqualByComparingTo("0.2");
				assertThat(rules.limit(other.cityId(), "NOISE", Urgency.EMERGENCY).resolveAmount()).isEqualTo(5);
				// the demo city follows what it followed before
				assertThat(rules.reopenDays(demoCity)).isEqualTo(demoReopen);
				assertThat(rules.limit(demoCity, "NOISE", Urgency.EMERGENCY)).isEqualTo(demoLimit);
				// each administrator's page shows their city's values
				assertThat(settings.values(otherAdmin).get("reopen_days")).isEqualByComparingTo(BigDecimal.valueOf(demoReopen + 5));
				assertThat(settings.values(demoAdmin).get("reopen_days")).isEqualByComparingTo(BigDecimal.valueOf(demoReopen));
				// a removal by the other city does not touch the demo city's own override
				long demoOverrides = jdbc.sql("select count(*) from req_time_limit where city_id = ?").param(demoCity)
					.query(Long.class).single();
				jdbc.sql("select id from req_time_limit where city_id <> ? and category_code is not null")
					.param(other.cityId()).query(Long.class).list()
					.forEach(id -> settings.removeOverride(otherAdmin, id));
				assertThat(jdbc.sql("select count(*) from req_time_limit where city_id = ?").param(demoCity)
					.query(Long.class).single()).isEqualTo(demoOverrides);

				// Open311 keys: each city's administrator sees their own only
				Open311Clients.Issued key = clients.issue(otherAdmin, "双城测试系统", other.cityId());
				assertThat(clients.list(otherAdmin)).extracting(Open311Clients.Client::id).containsExactly(key.id());
				assertThat(clients.list(demoAdmin)).extracting(Open311Clients.Client::id).doesNotContain(key.id());
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> clients.disable(demoAdmin, key.id()))
					.isInstanceOf(org.xingfu.shared.NotFoundException.class);
			});
		}
		finally {
			rules.invalidate();
		}
		assertThat(jdbc.sql("select count(*) from org_node where name = '双城测试市'").query(Long.class).single()).isZero();
	}
}
