package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.PageSession;
import org.xingfu.ApiClient;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.request.RequestTypes.Urgency;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;

/** A city admin changes limits, holidays and weights without a redeploy; the next request obeys them. */
@XingfuTest
class RequestSettingsTests {

	@LocalServerPort
	int port;

	@Autowired
	RequestSettings settings;

	@Autowired
	RequestRules rules;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aCategoryGetsItsOwnLimitAndTheCalendarAndWeightsChange() {
		var admin = TestActors.of(jdbc, directory, "admin");
		settings.setLimit(admin, "NOISE", Urgency.GENERAL, 3, "HOURS", 10, "HOURS");
		Instant now = Instant.parse("2026-11-30T02:00:00Z");
		assertThat(rules.due(admin.cityId(), "NOISE", Urgency.GENERAL, now).resolveBy()).isEqualTo(now.plusSeconds(10 * 3600));
		assertThat(rules.due(admin.cityId(), "PARKING", Urgency.GENERAL, now).acceptBy()).isEqualTo(now.plusSeconds(24 * 3600));

		LocalDate monday = LocalDate.of(2026, 12, 7);
		assertThat(rules.calendar().isWorkingDay(monday)).isTrue();
		settings.setDay(admin, monday, "HOLIDAY", "测试假日");
		assertThat(rules.calendar().isWorkingDay(monday)).isFalse();
		settings.removeDay(admin, monday);
		assertThat(rules.calendar().isWorkingDay(monday)).isTrue();

		assertThatThrownBy(() -> settings.setValues(admin, 7, new BigDecimal("0.2"), new BigDecimal("0.5"),
				new BigDecimal("0.4"))).isInstanceOf(ConflictException.class).hasMessage("settings.error.weights");
		assertThatThrownBy(() -> settings.setLimit(TestActors.of(jdbc, directory, "jd.lingdong"), null, Urgency.GENERAL,
				1, "HOURS", 1, "HOURS")).isInstanceOf(ForbiddenException.class);

		long override = jdbc.sql("select id from req_time_limit where category_code = 'NOISE'").query(Long.class).single();
		settings.removeOverride(admin, override);
		assertThat(rules.due(admin.cityId(), "NOISE", Urgency.GENERAL, now).acceptBy()).isEqualTo(now.plusSeconds(24 * 3600));
	}

	@Test
	void thePageShowsTheLimitsAndRefusesOtherRoles() {
		PageSession admin = new PageSession(port);
		admin.login("admin", ApiClient.PASSWORD);
		var page = admin.page("/admin/requests/settings");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("国庆节").contains("个工作日");
		PageSession staff = new PageSession(port);
		staff.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(staff.page("/admin/requests/settings").statusCode()).isEqualTo(403);
	}
}
