package org.xingfu.campaign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A resident's personal code, shown as a QR code on their phone and short enough to type: {@code P} + person id +
 * {@code -} + six characters of an HMAC of the id. The key is made once per installation and kept in the database,
 * so every node agrees and a code cannot be made up for someone else.
 */
@Component
public class PersonalCodes {

	private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: typed from a phone
	private final JdbcClient jdbc;
	private volatile byte[] key;

	PersonalCodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public String codeOf(long personId) {
		return "P" + personId + "-" + check(personId);
	}

	/** The person a code names, if it is well formed and its check matches. */
	public Optional<Long> personOf(String code) {
		if (code == null) {
			return Optional.empty();
		}
		String c = code.strip().toUpperCase();
		if (!c.matches("P\\d{1,15}-[A-Z2-9]{6}")) {
			return Optional.empty();
		}
		long id = Long.parseLong(c.substring(1, c.indexOf('-')));
		return check(id).equals(c.substring(c.indexOf('-') + 1)) ? Optional.of(id) : Optional.empty();
	}

	private String check(long personId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(), "HmacSHA256"));
			byte[] h = mac.doFinal(String.valueOf(personId).getBytes(StandardCharsets.US_ASCII));
			StringBuilder b = new StringBuilder(6);
			for (int i = 0; i < 6; i++) {
				b.append(ALPHABET.charAt((h[i] & 0xff) % ALPHABET.length()));
			}
			return b.toString();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] key() {
		byte[] k = key;
		if (k == null) {
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			jdbc.sql("insert into cmp_code_secret (id, secret) values (1, ?) on conflict (id) do nothing").param(fresh)
				.update();
			k = jdbc.sql("select secret from cmp_code_secret where id = 1").query(byte[].class).single();
			key = k;
		}
		return k;
	}
}
