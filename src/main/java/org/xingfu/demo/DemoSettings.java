package org.xingfu.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled    load the demo city on the first start (an empty tree)
 * @param households about how many households to generate
 * @param password   initial password of the demo accounts
 */
@ConfigurationProperties("xingfu.demo")
record DemoSettings(boolean enabled, int households, String password) {
	DemoSettings {
		households = households <= 0 ? 6000 : households;
		password = password == null || password.isBlank() ? "Xingfu@2026" : password;
	}
}
