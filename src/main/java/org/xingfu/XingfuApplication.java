package org.xingfu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Xingfu 幸福: grassroots community governance. A modular monolith; each top-level package is one capability,
 * verified by Spring Modulith.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class XingfuApplication {

	public static void main(String[] args) {
		SpringApplication.run(XingfuApplication.class, args);
	}
}
