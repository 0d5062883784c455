package org.xingfu.system;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The three passwords of the embedded PostgreSQL, made at its first start and kept in {@value #FILE} in its data
 * folder, readable by the owner only (issue 24):
 * <ul>
 * <li>{@code postgres}, the superuser: used only at start-up to set up roles, and by backups;</li>
 * <li>{@value #OWNER}, which owns the schema and runs the migrations;</li>
 * <li>{@value #APP}, which the running application uses: data, no DDL, and of the audit log only inserts and the
 * sealing of new entries.</li>
 * </ul>
 * A backup carries the file with the data folder, so a restored database opens with its own passwords.
 */
public record EmbeddedCredentials(String superuser, String owner, String app) {

	public static final String FILE = "xingfu-credentials.properties";
	public static final String OWNER = "xingfu_owner";
	public static final String APP = "xingfu_app";

	private static final SecureRandom RANDOM = new SecureRandom();

	static EmbeddedCredentials generate() {
		return new EmbeddedCredentials(random(), random(), random());
	}

	/** The credentials of the cluster in {@code dataDir}, if it has them (a cluster made before issue 24 has not). */
	public static Optional<EmbeddedCredentials> read(Path dataDir) throws IOException {
		Path file = dataDir.resolve(FILE);
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		}
		return Optional.of(new EmbeddedCredentials(p.getProperty("postgres"), p.getProperty(OWNER), p.getProperty(APP)));
	}

	void write(Path dataDir) throws IOException {
		Path file = dataDir.resolve(FILE);
		Path tmp = dataDir.resolve(FILE + ".new");
		Files.deleteIfExists(tmp);
		Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Properties p = new Properties();
		p.setProperty("postgres", superuser);
		p.setProperty(OWNER, owner);
		p.setProperty(APP, app);
		try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
			p.store(out, "Passwords of the embedded PostgreSQL (issue 24): keep this file private");
		}
		Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	/** 32 random bytes: no character that needs quoting anywhere (URL-safe Base64 without padding). */
	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}
}
