package org.xingfu.audit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The key of the audit chain (issue 24, part 8), in a file outside the database ({@code xingfu.audit.dir}, the
 * owner's only): each entry's hash is an HMAC-SHA256 under it, so whoever can change the database but not read
 * this file cannot compute a chain that verifies. The file also says from which entry on the chain is keyed: a log
 * begun before this version keeps its earlier entries' plain SHA-256. The database keeps only the key's fingerprint
 * (V63), so that a node started with another key, or with none, seals nothing rather than a chain nobody can check.
 */
@Component
class AuditKey {

	private static final Logger log = LoggerFactory.getLogger(AuditKey.class);

	static final String FILE = "audit-chain.key";

	private final Path file;
	private final JdbcClient jdbc;
	private volatile Loaded loaded;
	private volatile java.time.Instant lastComplaint;

	/** The key and the first chain position it covers. */
	record Loaded(byte[] key, long keyedFromSeq, String fingerprint) {
	}

	AuditKey(@Value("${xingfu.audit.dir:${XINGFU_DATA_DIR:data}/audit}") String dir, JdbcClient jdbc) {
		this.file = Path.of(dir).toAbsolutePath().resolve(FILE);
		this.jdbc = jdbc;
	}

	Path file() {
		return file;
	}

	/**
	 * The key this node seals with, made on the first start of an installation. Empty (and said in the log) when
	 * the database was sealed under a key this node does not have.
	 */
	synchronized Optional<Loaded> forSealing() {
		if (loaded != null) {
			return Optional.of(loaded);
		}
		Optional<Loaded> fromFile = read();
		record Known(String fingerprint, long keyedFrom) {
		}
		Optional<Known> known = jdbc.sql("select fingerprint, keyed_from_seq from aud_key order by created_at limit 1")
			.query((rs, i) -> new Known(rs.getString(1), rs.getLong(2))).optional();
		if (known.isEmpty()) {
			// a new installation, or one from before keys: the chain is keyed from the next position on. A key file
			// left from an earlier installation whose log this is not is replaced.
			long next = jdbc.sql("select coalesce(max(seq), 0) + 1 from aud_entry").query(Long.class).single();
			if (next == 1) {
				startNewAnchors();
			}
			Loaded fresh = fromFile.filter(f -> f.keyedFromSeq() == next).orElseGet(() -> generate(next));
			jdbc.sql("insert into aud_key (fingerprint, keyed_from_seq) values (?, ?) on conflict do nothing")
				.params(fresh.fingerprint(), fresh.keyedFromSeq()).update();
			loaded = fresh;
			return Optional.of(fresh);
		}
		if (fromFile.isEmpty() || !fromFile.get().fingerprint().equals(known.get().fingerprint())) {
			// said once every ten minutes, not at every round of the sealer
			if (lastComplaint == null || lastComplaint.isBefore(java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)))) {
				lastComplaint = java.time.Instant.now();
				log.error("The audit log is sealed under a key this node does not have ({}): nothing is sealed until "
						+ "the installation's key file is copied there", file);
			}
			return Optional.empty();
		}
		loaded = fromFile.get();
		return Optional.of(loaded);
	}

	/**
	 * A database whose log is empty and has no key's fingerprint begins a new log (a new installation, or a database
	 * made again beside a kept audit folder): the anchors of the log before are kept aside, named by the day, and the
	 * log says so; they do not belong to this one.
	 */
	private void startNewAnchors() {
		Path anchors = file.resolveSibling(AuditAnchors.FILE);
		try {
			if (Files.exists(anchors) && Files.size(anchors) > 0) {
				Path kept = anchors.resolveSibling("anchors-before-" + java.time.LocalDateTime.now()
					.format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".txt");
				Files.move(anchors, kept);
				log.warn("A new audit log begins in an empty database; the anchors of the log before are kept in {}", kept);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The key as the file has it, for verifying: the database's word is not taken for it. */
	Optional<Loaded> read() {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] key = Base64.getDecoder().decode(p.getProperty("key"));
		return Optional.of(new Loaded(key, Long.parseLong(p.getProperty("keyed-from-seq")), fingerprint(key)));
	}

	private Loaded generate(long keyedFrom) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		try {
			Files.createDirectories(file.getParent(),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Path tmp = file.resolveSibling(FILE + ".new");
			Files.deleteIfExists(tmp);
			Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Properties p = new Properties();
			p.setProperty("key", Base64.getEncoder().encodeToString(key));
			p.setProperty("keyed-from-seq", String.valueOf(keyedFrom));
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				p.store(out, "Key of the audit chain (HMAC-SHA256). Keep it with the backups' keys, never in the database.");
			}
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		log.info("Made the audit chain's key in {} (the chain is keyed from entry {} on)", file, keyedFrom);
		return new Loaded(key, keyedFrom, fingerprint(key));
	}

	/** What the database may know of the key: an HMAC of a fixed text under it. */
	static String fingerprint(byte[] key) {
		return HexFormat.of().formatHex(mac(key, "xingfu audit key".getBytes(StandardCharsets.UTF_8)));
	}

	static byte[] mac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
