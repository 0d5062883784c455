package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.SecondDatabase;
import org.xingfu.XingfuTest;

/**
 * Issue 24, part 2: {@code --xingfu.bootstrap.city=… --xingfu.bootstrap.admin=…} on an empty installation makes the
 * city and its administrator with a one-time password printed once, and exits 0; run again, it changes nothing and
 * exits non-zero with one line. Run as the console command, in this JVM, on a database of its own.
 */
@XingfuTest
class FirstAdministratorTests {

	@Autowired
	DataSource dataSource;

	@Test
	void theBootstrapMakesTheCityAndItsAdministratorOnceOnly() throws Exception {
		try (SecondDatabase db = SecondDatabase.create(dataSource, "xf_bootstrap")) {
			SecondDatabase.Ran made = db.command("--xingfu.bootstrap.city=公主岭市", "--xingfu.bootstrap.admin=li.ming",
					"--xingfu.bootstrap.name=李明");
			assertThat(made.code()).as(made.err()).isZero();
			String line = made.out().lines().filter(l -> l.startsWith("one-time password: ")).findFirst().orElseThrow();
			String password = line.substring("one-time password: ".length());
			assertThat(password).hasSizeGreaterThanOrEqualTo(12).matches("[A-Za-z0-9]+");

			JdbcClient jdbc = db.jdbc();
			assertThat(jdbc.sql("select name from org_node where type = 'CITY'").query(String.class).list())
				.containsExactly("公主岭市");
			assertThat(jdbc.sql("""
					select count(*) from idn_account a join org_role_assignment r on r.person_id = a.person_id
					  join org_node n on n.id = r.node_id
					 where a.username = 'li.ming' and a.display_name = '李明' and a.must_change_password
					   and a.password_expires_at between now() + interval '71 hours' and now() + interval '73 hours'
					   and r.role = 'CITY_ADMIN' and n.type = 'CITY' and a.city_id = n.id""").query(Long.class).single())
				.isEqualTo(1);
			// the password is stored only as its hash
			assertThat(jdbc.sql("select count(*) from idn_account where password_hash like '%' || ? || '%'")
				.param(password).query(Long.class).single()).isZero();
			assertThat(jdbc.sql("select count(*) from org_node").query(Long.class).single()).isEqualTo(1);

			// again: one line, a non-zero exit, and not one row changed
			Map<String, String> before = db.rows();
			SecondDatabase.Ran again = db.command("--xingfu.bootstrap.city=长春市", "--xingfu.bootstrap.admin=wang.fang");
			assertThat(again.code()).isNotZero();
			assertThat(again.err().strip().lines()).hasSize(1).first().asString().contains("accounts exist");
			assertThat(again.out()).doesNotContain("one-time password");
			assertThat(db.rows()).isEqualTo(before);

			// bad arguments are refused with one line, before anything is touched
			SecondDatabase.Ran bad = db.command("--xingfu.bootstrap.city=长春市", "--xingfu.bootstrap.admin=x");
			assertThat(bad.code()).isEqualTo(2);
			assertThat(bad.err().strip().lines()).hasSize(1);
			assertThat(db.rows()).isEqualTo(before);
		}
	}
}
