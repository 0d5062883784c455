package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuApplication;
import org.xingfu.XingfuTest;

/**
 * Issue 24, part 5, on the suite's embedded PostgreSQL while it serves: records written, a backup taken (from the
 * system page, through PostgreSQL's low-level backup API), more records written, the backup restored into a new data
 * folder ({@code --xingfu.restore}) and the application started there: exactly the records of the backup are there,
 * and the audit chain verifies. Also the locked-down database: passwords, loopback, and a role without DDL.
 */
@XingfuTest
class BackupRestoreTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Test
	void aBackupRestoredIntoANewFolderHoldsExactlyItsRecordsAndTheChainVerifies() throws Exception {
		Assumptions.assumeTrue(System.getenv("XINGFU_TEST_DB_URL") == null, "the embedded database's backups");
		ApiClient api = new ApiClient(port);
		String staff = api.token("sq.nongchang");
		long community = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		assertThat(api.post("/api/v1/org/nodes", staff, "{\"parentId\":" + community
				+ ",\"type\":\"COMPOUND\",\"name\":\"备份之前小区\"}").status()).isEqualTo(201);

		// a backup from the city administrator's system page, while the server runs
		PageSession admin = new PageSession(port);
		admin.login("admin", ApiClient.PASSWORD);
		assertThat(admin.page("/admin/system").body()).contains("立即备份");
		Files.createDirectories(Path.of("target/test-backups"));
		List<Path> before = Files.list(Path.of("target/test-backups")).toList();
		assertThat(admin.post("/admin/system/backup", "")).isEqualTo(302);
		Path backup = Files.list(Path.of("target/test-backups")).filter(p -> !before.contains(p))
			.filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
		assertThat(admin.page("/admin/system").body()).contains(backup.getFileName().toString());

		assertThat(api.post("/api/v1/org/nodes", staff, "{\"parentId\":" + community
				+ ",\"type\":\"COMPOUND\",\"name\":\"备份之后小区\"}").status()).isEqualTo(201);

		Path folder = Path.of("target/restore-test");
		FileSystemUtils.deleteRecursively(folder);
		Files.createDirectories(folder.resolve("audit"));
		// the audit key is not in a backup: it is kept apart, and comes along to the new folder
		Files.copy(Path.of("target/test-audit/audit-chain.key"), folder.resolve("audit/audit-chain.key"));
		String[] where = { "--xingfu.embedded-db.data-dir=" + folder.resolve("pg"), "--xingfu.embedded-db.clean=false",
				"--spring.datasource.url=", "--xingfu.audit.dir=" + folder.resolve("audit") };
		Ran restored = run(concat(where, "--xingfu.restore=" + backup));
		assertThat(restored.code()).as(restored.err()).isZero();
		assertThat(restored.out()).contains("restored");
		// a second restore into the same folder is refused: it is not empty
		assertThat(run(concat(where, "--xingfu.restore=" + backup)).code()).isEqualTo(2);

		try (ConfigurableApplicationContext there = new SpringApplicationBuilder(XingfuApplication.class)
			.web(WebApplicationType.NONE)
			.run(concat(where, "--xingfu.demo.enabled=false", "--xingfu.scheduling.enabled=false"))) {
			JdbcClient restoredDb = there.getBean(JdbcClient.class);
			assertThat(restoredDb.sql("select count(*) from org_node where name = '备份之前小区'").query(Long.class).single())
				.isEqualTo(1);
			assertThat(restoredDb.sql("select count(*) from org_node where name = '备份之后小区'").query(Long.class).single())
				.isZero();
			// the same accounts, with the same passwords
			assertThat(restoredDb.sql("select count(*) from idn_account").query(Long.class).single())
				.isEqualTo(jdbc.sql("select count(*) from idn_account").query(Long.class).single());
		}
		Ran verified = run(concat(where, "--xingfu.audit.verify"));
		assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
		assertThat(verified.out()).contains("intact");
	}

	@Test
	void theEmbeddedDatabaseAsksForPasswordsAndTheApplicationsRoleMayNotChangeTheSchema() throws Exception {
		Assumptions.assumeTrue(System.getenv("XINGFU_TEST_DB_URL") == null, "the embedded database's set-up");
		String url = org.xingfu.SuiteDatabase.url(dataSource);
		// no password, a wrong one: refused
		assertThat(message(
				() -> java.sql.DriverManager.getConnection(url, "postgres", ""))).contains("password");
		assertThat(message(
				() -> java.sql.DriverManager.getConnection(url, "xingfu_app", "guess"))).contains("password");
		// the application is not a superuser and owns nothing
		assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("xingfu_app");
		assertThat(jdbc.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single()).isFalse();
		assertThat(jdbc.sql("select count(*) from pg_class where relowner = (select oid from pg_roles where rolname = current_user)")
			.query(Long.class).single()).isZero();
		assertThat(message(
				() -> jdbc.sql("create table xf_intruder (id int)").update())).contains("permission denied");
		assertThat(message(
				() -> jdbc.sql("alter table org_node add column x int").update())).contains("must be owner");
		// of the audit log only inserts, and the sealing of new entries
		assertThat(message(
				() -> jdbc.sql("delete from aud_entry where seq = 1").update())).contains("permission denied");
		assertThat(message(
				() -> jdbc.sql("update aud_entry set actor = 'x' where seq = 1").update())).contains("permission denied");
		assertThat(message(
				() -> jdbc.sql("truncate aud_entry").update())).contains("permission denied");
		// loopback only, no Unix socket, passwords in a file only its owner reads
		JdbcClient admin = org.xingfu.SuiteDatabase.asAdministrator(dataSource);
		assertThat(admin.sql("select current_setting('listen_addresses')").query(String.class).single()).isEqualTo("localhost");
		assertThat(admin.sql("select current_setting('unix_socket_directories')").query(String.class).single()).isEmpty();
		assertThat(java.nio.file.Files.getPosixFilePermissions(Path.of("target/test-pg", EmbeddedCredentials.FILE)))
			.containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
					java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		assertThat(Files.readString(Path.of("target/test-pg/pg_hba.conf"))).doesNotContain("trust");
	}

	/** The database's own words for why a statement failed. */
	static String message(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
		assertThat(t).isNotNull();
		return org.springframework.core.NestedExceptionUtils.getMostSpecificCause(t).getMessage();
	}

	record Ran(int code, String out, String err) {
	}

	static Ran run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Commands.run(XingfuApplication.class, args, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	static String[] concat(String[] a, String... b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
