package org.xingfu.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A backup of the embedded PostgreSQL while it runs, with PostgreSQL's own low-level backup API (issue 24, part 5):
 * {@code pg_backup_start}, a copy of the data folder's files, {@code pg_backup_stop}, and the WAL from the start to
 * the end of the backup, held back meanwhile by a temporary replication slot. The files change while they are copied;
 * replaying the WAL from the backup's checkpoint to its end makes them consistent again, so a restored folder starts
 * like one after a crash, at the moment the backup ended. One zip file a backup, in {@code xingfu.backup.dir}.
 */
public final class Backups {

	/** What the data folder holds that a backup leaves out: PostgreSQL's documented list, and our lock. */
	private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
			"pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");
	private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
			"backup_label", "tablespace_map", "pg_internal.init", EmbeddedCredentials.FILE + ".new");
	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneId.of("Asia/Shanghai"));

	/** A backup made: its file, size, and how long it took. */
	public record Made(Path file, long bytes, long millis) {
	}

	private Backups() {
	}

	/**
	 * Backs up the cluster in {@code dataDir} through {@code superuser}, a connection to it as a superuser, into a new
	 * zip in {@code backupDir}; keeps the newest {@code keep} of them.
	 */
	public static Made take(Connection superuser, Path dataDir, Path backupDir, int keep) throws IOException, SQLException {
		long started = System.nanoTime();
		Files.createDirectories(backupDir);
		String name = "xingfu-" + NAME.format(Instant.now()) + ".zip";
		Path partial = backupDir.resolve(name + ".partial");
		try (Statement s = superuser.createStatement()) {
			// the WAL from here on stays until this session ends, however long the copy takes
			s.execute("select pg_create_physical_replication_slot('xingfu_backup_' || pg_backend_pid(), true, true)");
			String startWal = one(s, "select pg_walfile_name(lsn) from pg_backup_start('xingfu " + name + "', true) lsn");
			try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(file)) {
				zip.setLevel(Deflater.BEST_SPEED);
				copyFolder(dataDir, zip);
				String labelFile;
				String spcmapFile;
				String stopWal;
				try (ResultSet stop = s.executeQuery(
						"select labelfile, spcmapfile, pg_walfile_name(lsn) from pg_backup_stop(false)")) {
					stop.next();
					labelFile = stop.getString(1);
					spcmapFile = stop.getString(2);
					stopWal = stop.getString(3);
				}
				put(zip, "pg/backup_label", labelFile.getBytes(StandardCharsets.UTF_8));
				if (spcmapFile != null && !spcmapFile.isEmpty()) {
					put(zip, "pg/tablespace_map", spcmapFile.getBytes(StandardCharsets.UTF_8));
				}
				// the segments of the backup's span: pg_backup_stop switched to a new one, so what was written after
				// the backup ended is not among them
				try (Stream<Path> wal = Files.list(dataDir.resolve("pg_wal"))) {
					for (Path segment : wal.sorted().toList()) {
						String n = segment.getFileName().toString();
						boolean inSpan = n.length() == 24 && n.compareTo(startWal) >= 0 && n.compareTo(stopWal) <= 0;
						if (inSpan || n.endsWith(".history")) {
							copyFile(segment, "pg/pg_wal/" + n, zip);
						}
					}
				}
			}
			s.execute("select pg_drop_replication_slot('xingfu_backup_' || pg_backend_pid())");
		}
		catch (IOException | SQLException | RuntimeException ex) {
			Files.deleteIfExists(partial);
			throw ex;
		}
		Path done = backupDir.resolve(name);
		Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
		prune(backupDir, keep);
		return new Made(done, Files.size(done), (System.nanoTime() - started) / 1_000_000);
	}

	/** The backups in the folder, newest first. */
	public static List<Path> list(Path backupDir) {
		if (!Files.isDirectory(backupDir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(backupDir)) {
			return files.filter(f -> f.getFileName().toString().matches("xingfu-\\d{8}-\\d{6}\\.zip"))
				.sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void prune(Path backupDir, int keep) throws IOException {
		List<Path> all = list(backupDir);
		for (Path old : all.subList(Math.min(Math.max(keep, 1), all.size()), all.size())) {
			Files.deleteIfExists(old);
		}
	}

	private static void copyFolder(Path dataDir, ZipOutputStream zip) throws IOException {
		List<Path> paths = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(dataDir)) {
			walk.filter(p -> !p.equals(dataDir)).forEach(paths::add);
		}
		catch (UncheckedIOException ex) {
			if (!(ex.getCause() instanceof NoSuchFileException)) {
				throw ex;
			}
		}
		for (Path path : paths) {
			Path relative = dataDir.relativize(path);
			String first = relative.getName(0).toString();
			String entry = "pg/" + relative.toString().replace('\\', '/');
			if (Files.isDirectory(path)) {
				if (relative.getNameCount() == 1 || !EMPTIED.contains(first)) {
					zip.putNextEntry(new ZipEntry(entry + "/"));
					zip.closeEntry();
				}
			}
			else if (!EMPTIED.contains(first) && !SKIPPED.contains(path.getFileName().toString())) {
				copyFile(path, entry, zip);
			}
		}
	}

	/** A file that is gone by the time it is read (a table dropped meanwhile) is left out, as the WAL says. */
	private static void copyFile(Path path, String entry, ZipOutputStream zip) throws IOException {
		InputStream in;
		try {
			in = Files.newInputStream(path);
		}
		catch (NoSuchFileException ex) {
			return;
		}
		try (in) {
			zip.putNextEntry(new ZipEntry(entry));
			in.transferTo(zip);
			zip.closeEntry();
		}
	}

	private static void put(ZipOutputStream zip, String entry, byte[] bytes) throws IOException {
		zip.putNextEntry(new ZipEntry(entry));
		zip.write(bytes);
		zip.closeEntry();
	}

	private static String one(Statement s, String sql) throws SQLException {
		try (ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}
}
