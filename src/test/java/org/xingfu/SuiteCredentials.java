package org.xingfu;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Who may create and drop databases on the suite's server: the external server's user (XINGFU_TEST_DB_USER), or the
 * embedded server's user the suite connects as.
 */
final class SuiteCredentials {

	private SuiteCredentials() {
	}

	static String[] administrator(HikariDataSource suite) {
		String external = System.getenv("XINGFU_TEST_DB_USER");
		if (System.getenv("XINGFU_TEST_DB_URL") != null && external != null) {
			String password = System.getenv("XINGFU_TEST_DB_PASSWORD");
			return new String[] { external, password == null ? "" : password };
		}
		return new String[] { suite.getUsername(), suite.getPassword() };
	}
}
