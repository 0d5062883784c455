package org.xingfu.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled     generate the demo city on the first start (an empty database) and show the demo banner; off
 *                    by default, on with the {@code demo} profile (the README's {@code ./mvnw spring-boot:run})
 * @param households  about how many households to generate
 * @param password    password of the demo accounts (published in the README)
 * @param allowRemote let the demo listen beyond loopback: its accounts and password are public
 */
@ConfigurationProperties("xingfu.demo")
record DemoSettings(boolean enabled, int households, String password, boolean allowRemote) {
	DemoSettings {
		households = households <= 0 ? 6000 : households;
		password = password == null || password.isBlank() ? "Xingfu@2026" : password;
	}
}
