package org.xingfu.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xingfu.ApiClient;
import org.xingfu.SecondDatabase;
import org.xingfu.XingfuApplication;
import org.xingfu.XingfuTest;

import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 24, part 1, on a database of its own: a start with the production defaults is a clean installation (no
 * account, no demo row, no banner); the bootstrap makes its first administrator, who must change the one-time
 * password over the API before a token is given; and a demo start on that city, which the demo did not make,
 * changes not one row.
 */
@XingfuTest
class IntoServiceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	DataSource dataSource;

	@Test
	void aProductionStartIsCleanTheBootstrapOpensItAndTheDemoLeavesItAlone() throws Exception {
		try (SecondDatabase db = SecondDatabase.create(dataSource, "xf_production")) {
			try (ConfigurableApplicationContext server = start(db, "--xingfu.demo.enabled=false")) {
				ApiClient api = new ApiClient(port(server));
				assertThat(db.jdbc().sql("select count(*) from idn_account").query(Long.class).single()).isZero();
				assertThat(db.jdbc().sql("select count(*) from org_node").query(Long.class).single()).isZero();
				assertThat(api.post("/api/v1/auth/token", null, "{\"username\":\"admin\",\"password\":\"Xingfu@2026\"}")
					.status()).isEqualTo(401);
				String login = api.get("/login", null).body();
				assertThat(login).doesNotContain("演示环境").contains("登录");

				SecondDatabase.Ran made = db.command("--xingfu.bootstrap.city=公主岭市", "--xingfu.bootstrap.admin=li.ming");
				assertThat(made.code()).as(made.err()).isZero();
				String once = made.out().lines().filter(l -> l.startsWith("one-time password: ")).findFirst()
					.orElseThrow().substring("one-time password: ".length());
				ApiClient.Response first = api.post("/api/v1/auth/token", null,
						JSON.writeValueAsString(Map.of("username", "li.ming", "password", once)));
				assertThat(first.status()).isEqualTo(403);
				assertThat(first.json().get("type").asString()).endsWith("password-change-required");
				assertThat(api.post("/api/v1/auth/password", null, JSON.writeValueAsString(Map.of("username", "li.ming",
						"currentPassword", once, "newPassword", "公主岭的第一位管理员"))).status()).isEqualTo(204);
				String token = api.token("li.ming", "公主岭的第一位管理员");
				ApiClient.Response me = api.get("/api/v1/me", token);
				assertThat(me.body()).contains("CITY_ADMIN").contains("公主岭市");
				// the server seals its audit entries into the chain within a second: wait, so the snapshot below
				// is of a settled database
				org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> db.jdbc()
					.sql("select count(*) from aud_entry where hash is null").query(Long.class).single() == 0);
			}

			// the demo asked for on a database whose city it did not make: not one row changes
			Map<String, String> before = db.rows();
			try (ConfigurableApplicationContext demo = start(db, "--xingfu.demo.enabled=true",
					"--xingfu.demo.households=300", "--spring.main.web-application-type=none",
					"--xingfu.scheduling.enabled=false")) {
				assertThat(demo.isActive()).isTrue();
			}
			assertThat(db.rows()).isEqualTo(before);
		}
	}

	@Test
	void theDemoMarksTheCityItMadeAndListensOnLoopbackOnly() {
		org.springframework.jdbc.core.simple.JdbcClient jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
		// the suite's database was made by the demo: its one city is marked, with the size asked for
		assertThat(jdbc.sql("select count(*) from demo_city d join org_node n on n.id = d.city_id and n.type = 'CITY'")
			.query(Long.class).single()).isEqualTo(1);
		assertThat(DemoMode.loopback("127.0.0.1")).isTrue();
		assertThat(DemoMode.loopback("::1")).isTrue();
		assertThat(DemoMode.loopback("0.0.0.0")).isFalse();
		assertThat(DemoMode.loopback("")).isFalse();
	}

	private static ConfigurableApplicationContext start(SecondDatabase db, String... args) {
		List<String> all = new ArrayList<>(db.args());
		all.add("--server.port=0");
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(XingfuApplication.class).run(all.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}
}
