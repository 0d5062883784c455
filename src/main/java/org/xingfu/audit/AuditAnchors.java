package org.xingfu.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Anchors of the audit chain outside the database (issue 24, part 8): every hour, and at start, the chain's last
 * sealed position and hash are appended to {@code anchors.txt} next to the key, one line a change, so each day ends
 * with its last hash there. Whoever cuts entries off the end of the log, drops its last month or rewrites the chain
 * cannot change what the file already says, and {@code --xingfu.audit.verify} compares the two. The file is append-
 * only by convention; copy it off the machine with the backups (docs/operations.md).
 */
@Component
class AuditAnchors {

	static final String FILE = "anchors.txt";
	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** One line: the day (Beijing time), the chain position, its hash, and when it was written. */
	record Anchor(LocalDate day, long seq, String hash, Instant writtenAt) {
		String line() {
			return day + " " + seq + " " + hash + " " + writtenAt;
		}

		static Anchor parse(String line) {
			String[] f = line.strip().split(" ");
			return new Anchor(LocalDate.parse(f[0]), Long.parseLong(f[1]), f[2], Instant.parse(f[3]));
		}
	}

	private final Path file;
	private final JdbcClient jdbc;
	private final Environment environment;

	AuditAnchors(@Value("${xingfu.audit.dir:${XINGFU_DATA_DIR:data}/audit}") String dir, JdbcClient jdbc,
			Environment environment) {
		this.file = Path.of(dir).toAbsolutePath().resolve(FILE);
		this.jdbc = jdbc;
		this.environment = environment;
	}

	Path file() {
		return file;
	}

	@Scheduled(cron = "${xingfu.audit.anchor-cron:0 0 * * * *}", zone = "Asia/Shanghai")
	void hourly() {
		write();
	}

	/** At the start of the server (not of a console command, which only reads). */
	@EventListener(ApplicationReadyEvent.class)
	void atStart() {
		if (environment.getProperty("xingfu.scheduling.enabled", Boolean.class, true)) {
			write();
		}
	}

	/** Appends the chain's last sealed position, unless the file's last line already names it. */
	synchronized Optional<Anchor> write() {
		record Last(long seq, String hash) {
		}
		Optional<Last> last = jdbc.sql("select seq, hash from aud_entry where seq is not null order by seq desc limit 1")
			.query((rs, i) -> new Last(rs.getLong(1), rs.getString(2))).optional();
		if (last.isEmpty()) {
			return Optional.empty();
		}
		List<Anchor> written = read();
		if (!written.isEmpty() && written.getLast().seq() == last.get().seq()
				&& written.getLast().day().equals(LocalDate.now(CHINA))) {
			return Optional.of(written.getLast());
		}
		Anchor anchor = new Anchor(LocalDate.now(CHINA), last.get().seq(), last.get().hash().strip(), Instant.now());
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			Files.writeString(file, anchor.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Optional.of(anchor);
	}

	List<Anchor> read() {
		if (!Files.exists(file)) {
			return List.of();
		}
		try {
			List<Anchor> anchors = new ArrayList<>();
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (!line.isBlank()) {
					anchors.add(Anchor.parse(line));
				}
			}
			return anchors;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last anchor of each of the latest days, newest first, for the audit page. */
	List<Anchor> lastOfEachDay(int days) {
		List<Anchor> all = read();
		List<Anchor> result = new ArrayList<>();
		for (int i = all.size() - 1; i >= 0 && result.size() < days; i--) {
			if (result.isEmpty() || !result.getLast().day().equals(all.get(i).day())) {
				result.add(all.get(i));
			}
		}
		return result;
	}
}
