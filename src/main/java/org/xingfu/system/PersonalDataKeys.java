package org.xingfu.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.xingfu.shared.PersonalDataCipher;

/**
 * The keys of {@link PersonalDataCipher}: AES-256, in a properties file outside the database (owner-only), made at
 * the first start. {@code key.N} are the keys, {@code current} the one new values are sealed with. Rotation
 * ({@code --xingfu.personal-data.rotate-key}) adds a key and makes it current; at the next start each module seals
 * its values again under it. Old keys stay in the file: the backups' values were sealed under them.
 */
@Component
class PersonalDataKeys implements PersonalDataCipher {

	private static final String PREFIX = "pd1:";
	private static final int IV = 12;
	private static final int TAG_BITS = 128;

	private final Path file;
	private final SecureRandom random = new SecureRandom();
	private volatile Keys keys;

	private record Keys(int current, Map<Integer, SecretKeySpec> byId) {
	}

	PersonalDataKeys(@Value("${xingfu.personal-data.key-file:${XINGFU_DATA_DIR:data}/keys/personal-data.keys}") String file) {
		this.file = Path.of(file).toAbsolutePath();
	}

	Path file() {
		return file;
	}

	@Override
	public String seal(String plain) {
		if (plain == null) {
			return null;
		}
		Keys k = keys();
		byte[] iv = new byte[IV];
		random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, k.byId().get(k.current()), new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			byte[] all = ByteBuffer.allocate(IV + sealed.length).put(iv).put(sealed).array();
			return PREFIX + k.current() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String open(String stored) {
		if (stored == null || !stored.startsWith(PREFIX)) {
			return stored;
		}
		int colon = stored.indexOf(':', PREFIX.length());
		int id = Integer.parseInt(stored.substring(PREFIX.length(), colon));
		SecretKeySpec key = keys().byId().get(id);
		if (key == null) {
			throw new IllegalStateException("personal data sealed under key " + id + ", which " + file + " lacks");
		}
		byte[] all = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV));
			return new String(cipher.doFinal(all, IV, all.length - IV), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("a sealed value does not open under key " + id, ex);
		}
	}

	@Override
	public boolean current(String stored) {
		return stored == null || stored.startsWith(PREFIX + keys().current() + ":");
	}

	/** Adds a new key and makes it current; returns its number. */
	synchronized int rotate() {
		Keys k = keys();
		int next = k.byId().keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
		Map<Integer, SecretKeySpec> all = new TreeMap<>(k.byId());
		all.put(next, newKey());
		write(new Keys(next, all));
		keys = null;
		return next;
	}

	private synchronized Keys keys() {
		if (keys == null) {
			keys = Files.exists(file) ? read() : write(new Keys(1, new TreeMap<>(Map.of(1, newKey()))));
		}
		return keys;
	}

	private SecretKeySpec newKey() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return new SecretKeySpec(bytes, "AES");
	}

	private Keys read() {
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<Integer, SecretKeySpec> byId = new TreeMap<>();
		for (String name : p.stringPropertyNames()) {
			if (name.startsWith("key.")) {
				byId.put(Integer.parseInt(name.substring(4)), new SecretKeySpec(Base64.getDecoder().decode(p.getProperty(name)), "AES"));
			}
		}
		return new Keys(Integer.parseInt(p.getProperty("current")), byId);
	}

	private Keys write(Keys k) {
		try {
			Files.createDirectories(file.getParent(),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Path tmp = file.resolveSibling(file.getFileName() + ".new");
			Files.deleteIfExists(tmp);
			Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Properties p = new Properties();
			p.setProperty("current", String.valueOf(k.current()));
			k.byId().forEach((id, key) -> p.setProperty("key." + id, Base64.getEncoder().encodeToString(key.getEncoded())));
			try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				p.store(out, "Keys of the personal data sealed in the database (AES-256-GCM). Keep every key: backups need the old ones.");
			}
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return k;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
