package org.xingfu.system;

import java.io.PrintStream;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.xingfu.shared.CliCommand;

/**
 * {@code java -jar xingfu.jar --xingfu.personal-data.rotate-key}: a new key for the personal data sealed in the
 * database. The next start of the server seals every value again under it (each module its own); the old keys stay,
 * for the backups made before.
 */
@Component
class PersonalDataKeyRotation implements CliCommand {

	private final PersonalDataKeys keys;

	PersonalDataKeyRotation(PersonalDataKeys keys) {
		this.keys = keys;
	}

	@Override
	public boolean requested(Environment environment) {
		return environment.containsProperty("xingfu.personal-data.rotate-key");
	}

	@Override
	public int run(Environment environment, PrintStream out, PrintStream err) {
		int key = keys.rotate();
		out.println("personal data key " + key + " added to " + keys.file() + " and made current; the next start of "
				+ "the server seals every value again under it. Keep the old keys: backups need them.");
		return 0;
	}
}
