package org.xingfu.audit;

import java.io.PrintStream;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.xingfu.shared.CliCommand;

/**
 * {@code java -jar xingfu.jar --xingfu.audit.verify} walks the chain, prints the result and exits: 0 when intact,
 * 3 when an entry was altered or removed.
 */
@Component
class AuditVerifyRunner implements CliCommand {

	private final AuditLog log;

	AuditVerifyRunner(AuditLog log) {
		this.log = log;
	}

	@Override
	public boolean requested(Environment environment) {
		return environment.containsProperty("xingfu.audit.verify");
	}

	@Override
	public int run(Environment environment, PrintStream out, PrintStream err) {
		AuditLog.Verification result = log.verify();
		if (result.intact()) {
			out.println("Audit chain intact: " + result.checked() + " entries checked.");
			return 0;
		}
		out.println("Audit chain BROKEN at entry " + result.firstBrokenId().get() + " (" + result.reason() + "); "
				+ result.checked() + " entries before it are intact.");
		return 3;
	}
}
