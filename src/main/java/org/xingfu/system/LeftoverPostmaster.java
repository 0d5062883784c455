package org.xingfu.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After {@code kill -9} of the JVM the daemonised postmaster lives on and holds {@code postmaster.pid}; the next
 * start would fail. Stop it first (stack-notes gotcha 4).
 */
final class LeftoverPostmaster {

	private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

	private LeftoverPostmaster() {
	}

	static void stopIfRunning(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		long pid;
		try {
			pid = Long.parseLong(lines.getFirst().trim());
		}
		catch (RuntimeException ex) {
			Files.deleteIfExists(pidFile);
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid)
			.filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
		if (process.isEmpty()) {
			log.info("Removing stale postmaster.pid (process {} is gone)", pid);
			Files.deleteIfExists(pidFile);
			return;
		}
		log.warn("A PostgreSQL from a previous run (pid {}) still holds {}; stopping it", pid, dataDir);
		ProcessHandle postmaster = process.get();
		postmaster.destroy(); // SIGTERM: smart shutdown, keeps the data consistent
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (postmaster.isAlive() && Instant.now().isBefore(deadline)) {
			sleep();
		}
		if (postmaster.isAlive()) {
			postmaster.destroyForcibly();
			sleep();
		}
		Files.deleteIfExists(pidFile);
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
