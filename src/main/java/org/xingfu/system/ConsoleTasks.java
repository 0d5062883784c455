package org.xingfu.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The two console tasks that work on the embedded database's folder itself, before or beside any server (issue 24,
 * part 5): {@code --xingfu.backup} (while a server runs on the folder, through its PostgreSQL; otherwise the task
 * starts one for the while) and {@code --xingfu.restore=FILE} (into an empty data folder, before anything starts
 * there). They read only the configuration (an application context without beans).
 */
final class ConsoleTasks {

	/** Only the configuration: application.properties, the environment, the arguments. */
	@Configuration(proxyBeanMethods = false)
	static class Settings {
	}

	private ConsoleTasks() {
	}

	static boolean asks(String[] args) {
		return List.of(args).stream().anyMatch(a -> a.startsWith("--xingfu.restore") || a.equals("--xingfu.backup")
				|| a.startsWith("--xingfu.backup="));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
			.web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(args)) {
			Environment env = context.getEnvironment();
			if (StringUtils.hasText(env.getProperty("spring.datasource.url"))) {
				err.println("xingfu: an external PostgreSQL is backed up and restored with its own tools "
						+ "(pg_basebackup or pg_dump): see docs/operations.md");
				return 2;
			}
			Path dataDir = Path.of(env.getProperty("xingfu.embedded-db.data-dir", "data/pg")).toAbsolutePath();
			if (env.containsProperty("xingfu.restore")) {
				return restore(Path.of(env.getProperty("xingfu.restore", "")), dataDir, out, err);
			}
			Path backupDir = Path.of(env.getProperty("xingfu.backup.dir", "data/backups")).toAbsolutePath();
			return backup(dataDir, backupDir, env.getProperty("xingfu.backup.keep", Integer.class, 7), out, err);
		}
		catch (IOException | SQLException | RuntimeException ex) {
			err.println("xingfu: " + Commands.rootMessage(ex));
			return 1;
		}
	}

	private static int backup(Path dataDir, Path backupDir, int keep, PrintStream out, PrintStream err)
			throws IOException, SQLException {
		Optional<EmbeddedCredentials> credentials = EmbeddedCredentials.read(dataDir);
		if (credentials.isEmpty()) {
			err.println("xingfu: no embedded database with passwords in " + dataDir + " (start the server once first)");
			return 2;
		}
		Optional<Integer> running = runningPort(dataDir);
		if (running.isPresent()) {
			try (Connection c = superuser(running.get(), credentials.get())) {
				return report(Backups.take(c, dataDir, backupDir, keep), out);
			}
		}
		// no server on the folder: a PostgreSQL for the while, as the server starts it
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir)
			.setCleanDataDirectory(false).setRegisterShutdownHook(false)
			.setServerConfig("listen_addresses", "localhost").setServerConfig("unix_socket_directories", "''")
			.setConnectConfig("password", credentials.get().superuser()).setPGStartupWait(Duration.ofSeconds(60))
			.start(); Connection c = superuser(postgres.getPort(), credentials.get())) {
			return report(Backups.take(c, dataDir, backupDir, keep), out);
		}
	}

	private static int report(Backups.Made made, PrintStream out) {
		out.println("backup: " + made.file() + " (" + made.bytes() / 1024 / 1024 + " MB in " + made.millis() + " ms)");
		return 0;
	}

	/** The port of a PostgreSQL running on this folder, from its pid file, if its process is alive. */
	static Optional<Integer> runningPort(Path dataDir) throws IOException {
		Path pid = dataDir.resolve("postmaster.pid");
		if (!Files.exists(pid)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pid);
		if (lines.size() < 4 || ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(Integer.parseInt(lines.get(3).strip()));
	}

	private static Connection superuser(int port, EmbeddedCredentials credentials) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres",
				credentials.superuser());
	}

	/**
	 * Unpacks a backup into an empty data folder. The next start of the server there replays the backup's WAL and
	 * opens the database as it was when the backup ended, with the passwords it had.
	 */
	static int restore(Path backup, Path dataDir, PrintStream out, PrintStream err) throws IOException {
		if (!Files.isRegularFile(backup)) {
			err.println("xingfu: no backup file " + backup);
			return 2;
		}
		if (Files.exists(dataDir) && !isEmpty(dataDir)) {
			err.println("xingfu: " + dataDir + " is not empty; a backup is restored into an empty data folder only");
			return 2;
		}
		Files.createDirectories(dataDir);
		Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
		long files = 0;
		try (InputStream in = Files.newInputStream(backup); ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
				if (!entry.getName().startsWith("pg/")) {
					continue;
				}
				Path target = dataDir.resolve(entry.getName().substring(3)).normalize();
				if (!target.startsWith(dataDir)) {
					throw new IOException("a backup entry outside the data folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(zip, target);
					Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
					files++;
				}
			}
		}
		if (!Files.exists(dataDir.resolve("backup_label")) || !Files.exists(dataDir.resolve(EmbeddedCredentials.FILE))) {
			err.println("xingfu: " + backup + " is not a backup of the embedded database; " + dataDir + " is left as it is");
			return 2;
		}
		out.println("restored " + files + " files of " + backup.getFileName() + " into " + dataDir
				+ "; the next start replays its WAL and opens it. The audit key and anchors (xingfu.audit.dir) are not in "
				+ "a backup: keep them in place, or copy them from where they are kept.");
		return 0;
	}

	private static boolean isEmpty(Path dir) throws IOException {
		try (var entries = Files.list(dir)) {
			return entries.findAny().isEmpty();
		}
	}
}
