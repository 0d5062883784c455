package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.organization.OrganizationManagement;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.Role;

import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 24, parts 2 and 3, against real PostgreSQL over HTTP: a password set by someone else opens nothing but the
 * change of it, the password rules, and accounts that end cleanly (a reset, a disabled account and a role taken
 * away end every token and session at once).
 */
@XingfuTest
class AccountLifecycleTests {

	private static final AtomicInteger SEQ = new AtomicInteger();
	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	OrganizationManagement organization;

	@Autowired
	AccountManagement accounts;

	ApiClient api;

	Actor staff() {
		return TestActors.of(jdbc, directory, "sq.nongchang");
	}

	/** A resident of 财政小区 without an account, a different one for each call. */
	long personWithoutAccount() {
		return jdbc.sql("""
				select p.id from org_person p join org_residency r on r.person_id = p.id
				  join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where name = '财政小区') || '%' and p.phone is not null
				   and not exists (select 1 from idn_account a where a.person_id = p.id)
				 order by p.id desc offset ? limit 1""").param(SEQ.getAndIncrement() * 7).query(Long.class).single();
	}

	ApiClient api() {
		if (api == null) {
			api = new ApiClient(port);
		}
		return api;
	}

	ApiClient.Response token(String username, String password) {
		return api().post("/api/v1/auth/token", null, JSON.writeValueAsString(Map.of("username", username, "password", password)));
	}

	ApiClient.Response change(String username, String current, String next) {
		return api().post("/api/v1/auth/password", null,
				JSON.writeValueAsString(Map.of("username", username, "currentPassword", current, "newPassword", next)));
	}

	@Test
	void aOneTimePasswordOpensOnlyItsOwnChangeAndThePasswordRulesHold() {
		long person = personWithoutAccount();
		AccountManagement.OpenedAccount opened = accounts.openAccount(staff(), person, "otp.api." + person);
		String username = opened.username();
		String once = opened.initialPassword();
		assertThat(once).hasSizeGreaterThanOrEqualTo(12);

		ApiClient.Response refused = token(username, once);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("type").asString()).endsWith("password-change-required");

		// a wrong current password is a failed sign-in, not a 400
		assertThat(change(username, "not-the-password", "一个足够长的新密码句子").status()).isEqualTo(401);
		// the rules, each a 400 naming the field, in Chinese first
		ApiClient.Response common = change(username, once, "1234567890");
		assertThat(common.status()).isEqualTo(400);
		assertThat(common.body()).contains("newPassword").contains("常见");
		assertThat(change(username, once, "woaini1314").body()).contains("常见");
		assertThat(change(username, once, "short9").body()).contains("10 个字符");
		assertThat(change(username, once, username + "12").body()).contains("用户名");
		ApiClient.Response tooLong = change(username, once, "x".repeat(73));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.body()).contains("72");
		// 25 Chinese characters are 75 bytes: over bcrypt's 72, refused clearly rather than cut or answered 500
		assertThat(change(username, once, "晨".repeat(25)).status()).isEqualTo(400);
		// nothing of that changed the one-time password
		assertThat(token(username, once).status()).isEqualTo(403);

		assertThat(change(username, once, "晨练后去菜市场买豆腐").status()).isEqualTo(204);
		assertThat(token(username, "晨练后去菜市场买豆腐").status()).isEqualTo(200);
		assertThat(token(username, once).status()).isEqualTo(401);
	}

	@Test
	void aOneTimePasswordExpiresUnused() {
		long person = personWithoutAccount();
		AccountManagement.OpenedAccount opened = accounts.openAccount(staff(), person, "otp.late." + person);
		assertThat(opened.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(71 * 3600),
				java.time.Instant.now().plusSeconds(73 * 3600));
		jdbc.sql("update idn_account set password_expires_at = now() - interval '1 minute' where id = ?")
			.param(opened.id()).update();
		ApiClient.Response expired = token(opened.username(), opened.initialPassword());
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.json().get("type").asString()).endsWith("one-time-password-expired");
		assertThat(change(opened.username(), opened.initialPassword(), "晨练后去菜市场买豆腐").status()).isEqualTo(401);
		assertThat(new PageSession(port).login(opened.username(), opened.initialPassword())).endsWith("/login?expired");
	}

	@Test
	void aResetADisabledAccountAndARoleTakenAwayEndTokensAndSessionsAtOnce() {
		long person = personWithoutAccount();
		Actor staff = staff();
		AccountManagement.OpenedAccount opened = accounts.openAccount(staff, person, "ends." + person);
		String username = opened.username();
		String mine = "楼下的桂花开了真好香啊";
		assertThat(change(username, opened.initialPassword(), mine).status()).isEqualTo(204);

		// a reset by staff: the token issued before answers 401 on the next call
		String first = api().token(username, mine);
		assertThat(api().get("/api/v1/me", first).status()).isEqualTo(200);
		String staffToken = api().token("sq.nongchang");
		ApiClient.Response reset = api().post("/api/v1/people/" + person + "/account/password-reset", staffToken, "{}");
		assertThat(reset.status()).isEqualTo(200);
		assertThat(api().get("/api/v1/me", first).status()).isEqualTo(401);
		assertThat(token(username, mine).status()).isEqualTo(401);
		String once = reset.json().get("oneTimePassword").asString();
		assertThat(token(username, once).json().get("type").asString()).endsWith("password-change-required");
		assertThat(change(username, once, mine).status()).isEqualTo(204);

		// disabled, with a reason, audited: tokens and page sessions end, and neither door opens
		String second = api().token(username, mine);
		PageSession page = new PageSession(port);
		assertThat(page.login(username, mine)).doesNotContain("/login");
		assertThat(page.get("/")).isEqualTo(200);
		assertThat(api().post("/api/v1/people/" + person + "/account/disable", staffToken, "{\"reason\":\"\"}").status())
			.isEqualTo(400);
		assertThat(api().post("/api/v1/people/" + person + "/account/disable", staffToken,
				"{\"reason\":\"本人已搬离本小区\"}").status()).isEqualTo(204);
		assertThat(api().get("/api/v1/me", second).status()).isEqualTo(401);
		assertThat(page.get("/")).isEqualTo(302);
		ApiClient.Response disabled = token(username, mine);
		assertThat(disabled.status()).isEqualTo(403);
		assertThat(disabled.json().get("type").asString()).endsWith("account-disabled");
		assertThat(new PageSession(port).login(username, mine)).endsWith("/login?disabled");
		// a wrong password on a disabled account says no more than on any other
		assertThat(token(username, "wrong-password-1").status()).isEqualTo(401);
		assertThat(api().post("/api/v1/people/" + person + "/account/disable", staffToken,
				"{\"reason\":\"再次停用\"}").status()).isEqualTo(409);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> jdbc.sql(
				"select count(*) from aud_entry where action = 'ACCOUNT_DISABLED' and target_id = ? and detail = '本人已搬离本小区'")
			.param(String.valueOf(opened.id())).query(Long.class).single() == 1);

		assertThat(api().post("/api/v1/people/" + person + "/account/enable", staffToken,
				"{\"reason\":\"本人回来了\"}").status()).isEqualTo(204);

		// a role taken away: the token carried it, and ends with it
		String phone = jdbc.sql("select phone from org_person where id = ?").param(person).query(String.class).single();
		long building = jdbc.sql("""
				select b.id from org_node b join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and b.type = 'BUILDING' order by b.id desc limit 1""").query(Long.class).single();
		long assignment = organization.assignRole(staff, building, Role.BUILDING_HEAD,
				"", phone, null, null);
		String third = api().token(username, mine);
		assertThat(api().get("/api/v1/me", third).body()).contains("BUILDING_HEAD");
		organization.revokeRole(staff, assignment);
		assertThat(api().get("/api/v1/me", third).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/me", api().token(username, mine)).body()).doesNotContain("BUILDING_HEAD");
	}

	@Test
	void staffKeepOnlyTheAccountsOfTheirScopeAndNotTheirOwn() {
		long person = personWithoutAccount();
		accounts.openAccount(staff(), person, "scope." + person);
		// 朝阳社区's staff do not see 农场社区's people: 404, as for anything out of scope
		String other = api().token("sq.chaoyang");
		assertThat(api().post("/api/v1/people/" + person + "/account/password-reset", other, "{}").status())
			.isEqualTo(404);
		assertThat(api().post("/api/v1/people/" + person + "/account/disable", other, "{\"reason\":\"x\"}").status())
			.isEqualTo(404);
		Actor self = staff();
		assertThatThrownBy(() -> accounts.resetPassword(self, self.personId())).isInstanceOf(ConflictException.class);
	}

	@Test
	void theIdleTimeoutIsTheServersWhateverTheBrowserSays() {
		PageSession staffPage = new PageSession(port);
		// the 长辈模式 cookie, set before signing in, no longer stretches anything
		assertThat(staffPage.post("/preferences/elder-mode", "on=true")).isEqualTo(302);
		staffPage.login("sq.chaoyang", ApiClient.PASSWORD);
		assertThat(staffPage.get("/")).isEqualTo(200);
		assertThat(jdbc.sql("select max(max_inactive_interval) from spring_session where principal_name = 'sq.chaoyang'")
			.query(Integer.class).single()).isEqualTo(30 * 60);
	}
}
