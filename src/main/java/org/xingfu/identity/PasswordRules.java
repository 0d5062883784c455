package org.xingfu.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.nulabinc.zxcvbn.StandardDictionaries;

/**
 * What a password chosen by its owner must be (issue 24): at least 10 characters, not the username, and not one of
 * the commonest passwords (zxcvbn's list of 30,000, with a list of those common among Chinese users). At most 72
 * bytes in UTF-8, because bcrypt reads no further: a longer one is refused with a message, not cut silently.
 */
@Component
class PasswordRules {

	static final int MIN_LENGTH = 10;
	static final int MAX_BYTES = 72;

	private final Set<String> common;

	PasswordRules() {
		Set<String> words = new HashSet<>(64_000);
		try {
			words.addAll(StandardDictionaries.PASSWORDS_LOADER.load().getRankedDictionary().keySet());
			try (BufferedReader in = new BufferedReader(new InputStreamReader(
					PasswordRules.class.getResourceAsStream("/identity/common-passwords-zh.txt"), StandardCharsets.UTF_8))) {
				in.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
					.map(l -> l.toLowerCase(Locale.ROOT)).forEach(words::add);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.common = Set.copyOf(words);
	}

	/** The message key of the first rule the password breaks, or empty when it keeps them all. */
	Optional<String> broken(String username, String password) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
			return Optional.of("password.error.tooShort");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			return Optional.of("password.error.tooLong");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (username != null && lower.contains(username.strip().toLowerCase(Locale.ROOT))
				&& lower.length() - username.strip().length() < 4) {
			return Optional.of("password.error.username");
		}
		if (common.contains(lower) || password.chars().distinct().count() <= 2) {
			return Optional.of("password.error.common");
		}
		return Optional.empty();
	}

	/** Whether a password is too long for bcrypt to read whole: checked before any hash is computed. */
	static boolean tooLong(String password) {
		return password != null && password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
	}
}
