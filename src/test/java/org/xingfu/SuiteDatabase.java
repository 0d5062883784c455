package org.xingfu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.xingfu.system.EmbeddedCredentials;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The suite's database as its other roles see it. The application runs as a role without DDL rights (issue 24), so
 * a test that changes the schema, tampers with the audit log or switches the database read-only does so as the
 * superuser (the embedded server's, from its credentials file; or XINGFU_TEST_DB_USER on an external server), and a
 * test that makes tables the application's functions must work on makes them as the owner.
 */
public final class SuiteDatabase {

	private SuiteDatabase() {
	}

	/** User and password of the superuser. */
	public static String[] administrator(DataSource suite) {
		if (System.getenv("XINGFU_TEST_DB_URL") != null && System.getenv("XINGFU_TEST_DB_USER") != null) {
			String password = System.getenv("XINGFU_TEST_DB_PASSWORD");
			return new String[] { System.getenv("XINGFU_TEST_DB_USER"), password == null ? "" : password };
		}
		return new String[] { "postgres", embedded().superuser() };
	}

	/** User and password of the schema's owner (the superuser on an external server set up with one role). */
	public static String[] owner(DataSource suite) {
		if (System.getenv("XINGFU_TEST_DB_URL") != null) {
			return administrator(suite);
		}
		return new String[] { EmbeddedCredentials.OWNER, embedded().owner() };
	}

	public static JdbcClient asAdministrator(DataSource suite) {
		return client(suite, administrator(suite));
	}

	public static JdbcClient asOwner(DataSource suite) {
		return client(suite, owner(suite));
	}

	public static String url(DataSource suite) {
		try {
			return suite.unwrap(HikariDataSource.class).getJdbcUrl();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JdbcClient client(DataSource suite, String[] credentials) {
		return JdbcClient.create(new DriverManagerDataSource(url(suite), credentials[0], credentials[1]));
	}

	private static EmbeddedCredentials embedded() {
		try {
			return EmbeddedCredentials.read(Path.of("target/test-pg")).orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
