package org.xingfu.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a real PostgreSQL (binaries from a Maven artifact) when no {@code XINGFU_DB_URL} is set, so one command
 * runs the whole platform on a fresh machine. Its data persists in {@code xingfu.embedded-db.data-dir}.
 * <p>
 * Locked down (issue 24): it listens on loopback only (no Unix socket), every connection authenticates with a
 * password (scram-sha-256), and the passwords are random, made at the first start and kept in the data folder for
 * the owner only ({@link EmbeddedCredentials}). The application connects as {@value EmbeddedCredentials#APP}, which
 * has no DDL rights; the migrations run as {@value EmbeddedCredentials#OWNER}; the superuser serves only this
 * start-up and backups. A data folder made before, with trust and everything owned by the superuser, is converted
 * at its first start with this version.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
@EnableConfigurationProperties(EmbeddedDatabaseConfiguration.EmbeddedDbProperties.class)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	/**
	 * @param dataDir  where the cluster lives
	 * @param clean    start from an empty cluster (tests)
	 * @param poolSize connections in the pool
	 */
	@ConfigurationProperties("xingfu.embedded-db")
	record EmbeddedDbProperties(String dataDir, boolean clean, Integer poolSize) {
		EmbeddedDbProperties {
			dataDir = StringUtils.hasText(dataDir) ? dataDir : "data/pg";
			poolSize = poolSize == null ? 20 : poolSize;
		}
	}

	static class NoDatabaseUrl implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}
	}

	/** The running embedded server and its passwords, for the pools below and for backups. */
	record EmbeddedServer(EmbeddedPostgres postgres, Path dataDir, EmbeddedCredentials credentials)
			implements AutoCloseable {
		String url() {
			return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
		}

		@Override
		public void close() throws IOException {
			postgres.close();
		}
	}

	// closed by Spring after the pools (they depend on it), so the database stops last
	@Bean(destroyMethod = "close")
	EmbeddedServer embeddedPostgres(EmbeddedDbProperties properties) throws IOException {
		Path dataDir = Path.of(properties.dataDir()).toAbsolutePath();
		Files.createDirectories(dataDir.getParent());
		if (!properties.clean()) {
			LeftoverPostmaster.stopIfRunning(dataDir);
		}
		boolean fresh = properties.clean() || !Files.exists(dataDir.resolve("postgresql.conf"));
		Optional<EmbeddedCredentials> kept = fresh ? Optional.empty() : EmbeddedCredentials.read(dataDir);
		EmbeddedCredentials credentials = kept.orElseGet(EmbeddedCredentials::generate);
		// a folder of an earlier version: trust until this start has set the passwords, then locked
		boolean convert = !fresh && kept.isEmpty();
		log.info("Starting embedded PostgreSQL in {}", dataDir);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(properties.clean())
			// zonky's own hook would stop the database while Spring is still closing (stack-notes gotcha 3)
			.setRegisterShutdownHook(false)
			// zonky turns durability off for tests; an acknowledged request must survive a crash
			.setServerConfig("fsync", properties.clean() ? "off" : "on")
			.setServerConfig("synchronous_commit", properties.clean() ? "off" : "on")
			.setServerConfig("full_page_writes", properties.clean() ? "off" : "on")
			.setServerConfig("max_connections", "100")
			.setServerConfig("shared_buffers", "128MB")
			// loopback only, and no Unix socket (which would sit world-writable in /tmp)
			.setServerConfig("listen_addresses", "localhost")
			.setServerConfig("unix_socket_directories", "''")
			.setServerConfig("password_encryption", "scram-sha-256")
			// backups through the low-level API need the WAL of their span kept (Backups)
			.setServerConfig("wal_level", "replica")
			// a UTF-8 ctype, or pg_trgm ignores Chinese characters (stack-notes gotcha 5)
			.setLocaleConfig("locale", "C.UTF-8")
			.setConnectConfig("password", credentials.superuser())
			.setPGStartupWait(java.time.Duration.ofSeconds(60));
		Path pwfile = null;
		if (fresh) {
			// initdb sets the superuser's password and password authentication from the first moment: the cluster
			// never trusts anyone (zonky passes its "locale" options to initdb as --name=value)
			pwfile = Files.createTempFile("xingfu-initdb", ".pw",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(pwfile, credentials.superuser() + "\n", StandardCharsets.UTF_8);
			builder.setLocaleConfig("pwfile", pwfile.toString())
				.setLocaleConfig("auth-local", "scram-sha-256")
				.setLocaleConfig("auth-host", "scram-sha-256");
		}
		builder.setDataDirectoryCustomizer(dir -> {
			if (convert) {
				return; // this start still trusts, to set the passwords; the next ones do not
			}
			try {
				credentials.write(dir.toPath());
				writeHba(dir.toPath());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		EmbeddedPostgres postgres;
		try {
			postgres = builder.start();
		}
		finally {
			if (pwfile != null) {
				Files.deleteIfExists(pwfile);
			}
		}
		try {
			setUpRoles(postgres, credentials, convert);
			if (convert) {
				credentials.write(dataDir);
				writeHba(dataDir);
				try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
					s.execute("alter role postgres with password '" + credentials.superuser() + "'");
					s.execute("select pg_reload_conf()");
				}
				log.warn("The embedded database of {} now requires passwords; they are kept in {}", dataDir,
						dataDir.resolve(EmbeddedCredentials.FILE));
			}
		}
		catch (SQLException ex) {
			postgres.close();
			throw new IllegalStateException("could not set up the roles of the embedded database", ex);
		}
		return new EmbeddedServer(postgres, dataDir, credentials);
	}

	/** Password (scram-sha-256) over loopback, nothing else: written at every start, so a hand edit does not stay. */
	private static void writeHba(Path dataDir) throws IOException {
		Files.writeString(dataDir.resolve("pg_hba.conf"), """
				# Written by Xingfu at every start (issue 24): passwords only, loopback only. The passwords are in
				# xingfu-credentials.properties next to this file.
				host    all             all             127.0.0.1/32            scram-sha-256
				host    all             all             ::1/128                 scram-sha-256
				host    replication     all             127.0.0.1/32            scram-sha-256
				host    replication     all             ::1/128                 scram-sha-256
				""", StandardCharsets.UTF_8);
	}

	/**
	 * The owner and the application's roles, with the passwords of the file (idempotent, at every start). A cluster
	 * of an earlier version has everything owned by the superuser: it goes to the owner, so the migrations can go on.
	 */
	private static void setUpRoles(EmbeddedPostgres postgres, EmbeddedCredentials credentials, boolean convert)
			throws SQLException {
		try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("""
					do $$ begin
					  if not exists (select from pg_roles where rolname = 'xingfu_owner') then create role xingfu_owner; end if;
					  if not exists (select from pg_roles where rolname = 'xingfu_app') then create role xingfu_app; end if;
					end $$""");
			s.execute("alter role xingfu_owner with login nosuperuser nocreatedb nocreaterole password '" + credentials.owner() + "'");
			s.execute("alter role xingfu_app with login nosuperuser nocreatedb nocreaterole password '" + credentials.app() + "'");
			// the owner creates the schema's objects (pg_trgm among them: a trusted extension); the app uses them
			s.execute("grant create on database postgres to xingfu_owner");
			s.execute("grant create, usage on schema public to xingfu_owner");
			s.execute("grant usage on schema public to xingfu_app");
			s.execute("grant connect on database postgres to xingfu_owner, xingfu_app");
			if (convert) {
				s.execute(DatabaseRoles.REASSIGN_TO_OWNER);
			}
		}
	}

	/** The application's pool, as the role without DDL rights. */
	@Bean(destroyMethod = "close")
	@Primary
	DataSource dataSource(EmbeddedServer server, EmbeddedDbProperties properties,
			@org.springframework.beans.factory.annotation.Value("${spring.datasource.hikari.connection-timeout:5000}") long connectionTimeoutMs) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.url());
		config.setUsername(EmbeddedCredentials.APP);
		config.setPassword(server.credentials().app());
		config.setMaximumPoolSize(properties.poolSize());
		config.setConnectionTimeout(connectionTimeoutMs);
		config.setPoolName("xingfu-embedded");
		return new HikariDataSource(config);
	}

	/** The migrations, as the owner of the schema: one connection while they run. */
	@Bean
	@FlywayDataSource
	DataSource flywayDataSource(EmbeddedServer server) {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), server.url(), EmbeddedCredentials.OWNER,
				server.credentials().owner());
	}
}
