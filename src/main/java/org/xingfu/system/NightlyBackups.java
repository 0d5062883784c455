package org.xingfu.system;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Conditional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Backups of the embedded database by the running server (issue 24, part 5): every night at
 * {@code xingfu.backup.cron} (02:30 Beijing time) into {@code xingfu.backup.dir}, keeping the newest
 * {@code xingfu.backup.keep} (7), and on demand from the system page. An external PostgreSQL is backed up with its
 * own tools (docs/operations.md).
 */
@Component
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
class NightlyBackups {

	private static final Logger log = LoggerFactory.getLogger(NightlyBackups.class);

	private final EmbeddedDatabaseConfiguration.EmbeddedServer server;
	private final Path dir;
	private final int keep;

	NightlyBackups(EmbeddedDatabaseConfiguration.EmbeddedServer server,
			@Value("${xingfu.backup.dir:${XINGFU_DATA_DIR:data}/backups}") String dir,
			@Value("${xingfu.backup.keep:7}") int keep) {
		this.server = server;
		this.dir = Path.of(dir).toAbsolutePath();
		this.keep = keep;
	}

	@Scheduled(cron = "${xingfu.backup.cron:0 30 2 * * *}", zone = "Asia/Shanghai")
	void nightly() {
		try {
			Backups.Made made = backup();
			log.info("Nightly backup {} ({} MB in {} ms)", made.file().getFileName(), made.bytes() / 1024 / 1024,
					made.millis());
		}
		catch (IOException | SQLException | RuntimeException ex) {
			log.error("The nightly backup failed: {}", ex.getMessage());
		}
	}

	/** One at a time. */
	synchronized Backups.Made backup() throws IOException, SQLException {
		try (Connection c = DriverManager.getConnection(server.url(), "postgres", server.credentials().superuser())) {
			return Backups.take(c, server.dataDir(), dir, keep);
		}
	}

	List<Path> list() {
		return Backups.list(dir);
	}

	Path dir() {
		return dir;
	}

	int keep() {
		return keep;
	}
}
