package org.xingfu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.xingfu.system.Commands;

/**
 * Xingfu 幸福: grassroots community governance. A modular monolith; each top-level package is one capability,
 * verified by Spring Modulith. With a command among the arguments ({@code --xingfu.bootstrap.…},
 * {@code --xingfu.backup}, {@code --xingfu.restore=…}, {@code --xingfu.audit.verify}) it runs that and exits instead
 * of serving.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XingfuApplication {

	public static void main(String[] args) {
		if (Commands.requested(args)) {
			System.exit(Commands.run(XingfuApplication.class, args, System.out, System.err));
		}
		SpringApplication.run(XingfuApplication.class, args);
	}
}
