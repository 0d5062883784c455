package org.xingfu.audit;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar xingfu.jar --xingfu.audit.verify} walks the chain, prints the result and exits: 0 when intact,
 * 3 when an entry was altered or removed.
 */
@Component
@ConditionalOnProperty("xingfu.audit.verify")
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class AuditVerifyRunner implements ApplicationRunner {

	private final AuditLog log;
	private final ConfigurableApplicationContext context;

	AuditVerifyRunner(AuditLog log, ConfigurableApplicationContext context) {
		this.log = log;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		AuditLog.Verification result = log.verify();
		if (result.intact()) {
			System.out.println("Audit chain intact: " + result.checked() + " entries checked.");
		}
		else {
			System.out.println("Audit chain BROKEN at entry " + result.firstBrokenId().get() + " (" + result.reason()
					+ "); " + result.checked() + " entries before it are intact.");
		}
		int code = result.intact() ? 0 : 3;
		System.exit(SpringApplication.exit(context, () -> code));
	}
}
