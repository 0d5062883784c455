package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

@XingfuTest
class IdentityApiTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	JdbcClient jdbc;

	ApiClient api;

	@BeforeEach
	void setUp() {
		api = new ApiClient(port);
	}

	@Test
	void meNamesTheRolesAndTheirNodes() {
		JsonNode me = api.get("/api/v1/me", api.token("wg.nongchang.1")).json();
		assertThat(me.get("username").asString()).isEqualTo("wg.nongchang.1");
		assertThat(me.get("roles").get(0).get("role").asString()).isEqualTo("GRID_HEAD");
		assertThat(me.get("roles").get(0).get("title").asString()).isEqualTo("网格长");
		assertThat(me.get("roles").get(0).get("nodeName").asString()).isEqualTo("农场社区");
		assertThat(me.get("roles").get(0).get("gridId").isNull()).isFalse();
	}

	@Test
	void apiWithoutTokenOrWithAForgedOneIs401ProblemJson() {
		ApiClient.Response none = api.get("/api/v1/me", null);
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(none.json().get("detail").asString()).contains("令牌");
		assertThat(api.get("/api/v1/me", "forged-token-forged-token-forged").status()).isEqualTo(401);
	}

	@Test
	void wrongPasswordIs401AndMalformedBodyIs400() {
		ApiClient.Response wrong = api.post("/api/v1/auth/token", null,
				ApiClient.json(Map.of("username", "admin", "password", "nope")));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json().get("detail").asString()).isEqualTo("用户名或密码错误。");
		jdbc.sql("update idn_account set failed_attempts = 0 where username = 'admin'").update();

		assertThat(api.post("/api/v1/auth/token", null, "{not json").status()).isEqualTo(400);
		ApiClient.Response missing = api.post("/api/v1/auth/token", null, "{\"username\":\"admin\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("invalidFields").get(0).get("field").asString()).isEqualTo("password");
	}

	@Test
	void thereIsNoBuiltInUserBesideTheAccountsTable(@Autowired org.springframework.context.ApplicationContext context) {
		assertThat(context.getBeanNamesForType(org.springframework.security.core.userdetails.UserDetailsService.class))
			.isEmpty();
		assertThat(new PageSession(port).login("user", "password")).endsWith("/login?error");
	}

	@Test
	void fiveFailuresLockTheAccountForTheApiAndThePageAlike() {
		String username = "lockout.test";
		accounts.createAccount("test", username, accounts.hash("Right@2026"), null, "锁定测试");
		for (int i = 0; i < 4; i++) {
			assertThat(api.post("/api/v1/auth/token", null, ApiClient.json(Map.of("username", username, "password", "bad")))
				.status()).isEqualTo(401);
		}
		ApiClient.Response fifth = api.post("/api/v1/auth/token", null,
				ApiClient.json(Map.of("username", username, "password", "bad")));
		assertThat(fifth.status()).isEqualTo(423);
		assertThat(fifth.json().get("detail").asString()).contains("锁定").contains("15");

		// the right password does not open a locked account, on the API or the login page
		ApiClient.Response right = api.post("/api/v1/auth/token", null,
				ApiClient.json(Map.of("username", username, "password", "Right@2026")));
		assertThat(right.status()).isEqualTo(423);
		assertThat(new PageSession(port).login(username, "Right@2026")).endsWith("/login?locked");

		// once the lock has run out, the right password works again
		jdbc.sql("update idn_account set locked_until = now() - interval '1 second' where username = ?")
			.param(username).update();
		assertThat(api.token(username, "Right@2026")).isNotBlank();
		assertThat(new PageSession(port).login(username, "Right@2026")).endsWith("/");
	}
}
