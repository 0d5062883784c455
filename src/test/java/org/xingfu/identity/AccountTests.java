package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.TestActors;
import org.xingfu.XingfuTest;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NotFoundException;

@XingfuTest
class AccountTests {

	@LocalServerPort
	int port;

	@Autowired
	AccountManagement accounts;

	@Autowired
	OrganizationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Test
	void staffOpenAnAccountWhoseOneTimePasswordMustBeChanged() {
		var staff = TestActors.of(jdbc, directory, "sq.nongchang");
		long person = jdbc.sql("""
				select p.id from org_person p join org_residency r on r.person_id = p.id
				  join org_node h on h.id = r.household_id join org_node u on u.id = h.parent_id
				  join org_node b on b.id = u.parent_id join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and r.relation = 'RESIDENT'
				   and not exists (select 1 from idn_account a where a.person_id = p.id) order by p.id limit 1""")
			.query(Long.class).single();
		AccountManagement.OpenedAccount opened = accounts.openAccount(staff, person, "resident.test");
		assertThat(opened.initialPassword()).hasSize(12).containsPattern("\\d").containsPattern("[A-Za-z]");
		assertThat(new PageSession(port).login("resident.test", opened.initialPassword())).endsWith("/account/password");

		var actor = TestActors.of(jdbc, directory, "resident.test");
		assertThatThrownBy(() -> accounts.changeOwnPassword(actor, "wrong", "Better2026", null))
			.isInstanceOf(org.xingfu.shared.InvalidFieldException.class);
		accounts.changeOwnPassword(actor, opened.initialPassword(), "Better2026", null);
		assertThat(new PageSession(port).login("resident.test", "Better2026")).endsWith("/");

		// the new account is a resident of its household and nothing more
		ApiClient api = new ApiClient(port);
		var me = api.get("/api/v1/me", api.token("resident.test", "Better2026")).json();
		assertThat(me.get("roles").get(0).get("role").asString()).isEqualTo("RESIDENT");

		assertThatThrownBy(() -> accounts.openAccount(staff, person, "resident.test2"))
			.isInstanceOf(ConflictException.class).hasMessage("account.error.hasAccount");
	}

	@Test
	void onlyEditorsOfThePersonsScopeOpenAccounts() {
		long person = jdbc.sql("""
				select p.id from org_person p where p.home_path like (select path || '%' from org_node where name = '财政小区')
				   and not exists (select 1 from idn_account a where a.person_id = p.id) order by p.id desc limit 1""")
			.query(Long.class).single();
		assertThatThrownBy(() -> accounts.openAccount(TestActors.of(jdbc, directory, "sq.chaoyang"), person, "x.y.z"))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> accounts.openAccount(TestActors.of(jdbc, directory, "wy.guoxin"), person, "x.y.z"))
			.isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(() -> accounts.openAccount(TestActors.of(jdbc, directory, "sq.nongchang"), person, "a b"))
			.isInstanceOf(ConflictException.class).hasMessage("account.error.username");
		assertThatThrownBy(() -> accounts.openAccount(TestActors.of(jdbc, directory, "sq.nongchang"), person, "admin"))
			.isInstanceOf(ConflictException.class).hasMessage("account.error.taken");
	}
}
