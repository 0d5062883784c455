package org.xingfu;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.system.Commands;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A second, empty database on the suite's PostgreSQL server, for what the suite's own database (with the demo city)
 * cannot show: a clean installation, the bootstrap, a demo start on a city the demo did not make. The application
 * runs on it in this JVM, as a console command ({@link #command}) or a server.
 */
public final class SecondDatabase implements AutoCloseable {

	public final String url;
	public final String username;
	public final String password;
	private final String name;
	private final String adminUrl;
	private final String adminUser;
	private final String adminPassword;

	/** A console command's exit code and what it printed. */
	public record Ran(int code, String out, String err) {
	}

	private SecondDatabase(String name, String url, String username, String password, String adminUrl,
			String adminUser, String adminPassword) {
		this.name = name;
		this.url = url;
		this.username = username;
		this.password = password;
		this.adminUrl = adminUrl;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
	}

	/** Makes (or makes again) an empty database called {@code name} next to the suite's. */
	public static SecondDatabase create(DataSource suite, String name) throws SQLException, java.io.IOException {
		org.springframework.util.FileSystemUtils.deleteRecursively(java.nio.file.Path.of("target/second-db/" + name));
		HikariDataSource hikari = suite.unwrap(HikariDataSource.class);
		String suiteUrl = hikari.getJdbcUrl();
		String base = suiteUrl.substring(0, suiteUrl.lastIndexOf('/') + 1);
		String query = suiteUrl.contains("?") ? suiteUrl.substring(suiteUrl.indexOf('?')) : "";
		String database = suiteUrl.substring(base.length(), suiteUrl.length() - query.length());
		String[] admin = SuiteDatabase.administrator(suite);
		try (Connection c = DriverManager.getConnection(base + database + query, admin[0], admin[1]);
				Statement s = c.createStatement()) {
			s.execute("drop database if exists " + name + " with (force)");
			s.execute("create database " + name + " template template0 encoding 'UTF8' locale 'C.UTF-8'");
		}
		return new SecondDatabase(name, base + name + query, admin[0], admin[1], base + database + query, admin[0],
				admin[1]);
	}

	/** The arguments that point the application at this database, with an audit key and anchors of its own. */
	public List<String> args() {
		return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + username,
				"--spring.datasource.password=" + password, "--xingfu.audit.dir=" + auditDir());
	}

	/** Where this database's installation keeps its audit key and anchors. */
	public String auditDir() {
		return "target/second-db/" + name + "/audit";
	}

	/** A copy of this database (and of its audit key and anchors) under another name. */
	public SecondDatabase copy(String copyName) throws SQLException, java.io.IOException {
		try (Connection c = DriverManager.getConnection(adminUrl, adminUser, adminPassword);
				Statement s = c.createStatement()) {
			s.execute("drop database if exists " + copyName + " with (force)");
			s.execute("create database " + copyName + " template " + name);
		}
		SecondDatabase copy = new SecondDatabase(copyName, url.replace("/" + name, "/" + copyName), username, password,
				adminUrl, adminUser, adminPassword);
		java.nio.file.Path from = java.nio.file.Path.of(auditDir());
		java.nio.file.Path to = java.nio.file.Path.of(copy.auditDir());
		org.springframework.util.FileSystemUtils.deleteRecursively(to);
		if (java.nio.file.Files.exists(from)) {
			org.springframework.util.FileSystemUtils.copyRecursively(from, to);
		}
		return copy;
	}

	/** Runs a console command ({@code java -jar xingfu.jar --xingfu.…}) on this database, in this JVM. */
	public Ran command(String... args) {
		List<String> all = new ArrayList<>(args());
		all.addAll(Arrays.asList(args));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = Commands.run(XingfuApplication.class, all.toArray(String[]::new),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** A client on this database, for the test's own reading and writing. */
	public JdbcClient jdbc() {
		// a connection a statement: none is left open to stand in the way of copying or dropping the database
		return JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(url, username, password));
	}

	/**
	 * Every row of every table of the application, as text, by table: two snapshots are equal when not one row was
	 * added, removed or changed.
	 */
	public Map<String, String> rows() {
		JdbcClient jdbc = jdbc();
		Map<String, String> result = new TreeMap<>();
		for (String table : jdbc.sql("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				 where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
				 order by 1""").query(String.class).list()) {
			result.put(table, jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "
					+ table + " t").query(String.class).single());
		}
		return result;
	}

	@Override
	public void close() throws SQLException {
		try (Connection c = DriverManager.getConnection(adminUrl, adminUser, adminPassword);
				Statement s = c.createStatement()) {
			s.execute("drop database if exists " + name + " with (force)");
		}
	}
}
