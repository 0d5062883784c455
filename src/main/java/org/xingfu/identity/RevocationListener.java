package org.xingfu.identity;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Hears, on a connection of its own, the accounts whose sessions and tokens another node has just ended
 * ({@link AccountSessions}), and forgets this node's cached tokens of theirs. The connection is outside the pool
 * (the pool's connections come and go; this one waits), named {@value #APPLICATION_NAME} in
 * {@code pg_stat_activity}. When it breaks (a database restart), every cached token is forgotten, since a
 * notification may have been missed, and it connects again.
 */
@Component
@ConditionalOnProperty(name = "xingfu.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class RevocationListener implements SmartLifecycle {

	static final String APPLICATION_NAME = "xingfu-revocations";

	private static final Logger log = LoggerFactory.getLogger(RevocationListener.class);

	private final DataSource dataSource;
	private final TokenService tokens;
	private volatile boolean running;
	private volatile Thread thread;
	private volatile Connection connection;

	RevocationListener(DataSource dataSource, TokenService tokens) {
		this.dataSource = dataSource;
		this.tokens = tokens;
	}

	@Override
	public void start() {
		running = true;
		thread = Thread.ofVirtual().name("revocation-listener").start(this::listen);
	}

	@Override
	public void stop() {
		running = false;
		Thread t = thread;
		if (t != null) {
			t.interrupt();
			closeQuietly();
			try {
				t.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void listen() {
		while (running) {
			try (Connection c = open()) {
				connection = c;
				try (Statement s = c.createStatement()) {
					s.execute("listen " + AccountSessions.CHANNEL);
				}
				tokens.forgetAll();
				PGConnection pg = c.unwrap(PGConnection.class);
				while (running) {
					PGNotification[] notifications = pg.getNotifications(10_000);
					if (notifications != null) {
						for (PGNotification n : notifications) {
							tokens.forget(Long.parseLong(n.getParameter()));
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!running) {
					return;
				}
				tokens.forgetAll();
				log.debug("Revocation listener lost its connection ({}); connecting again in 5 s", ex.getMessage());
				try {
					Thread.sleep(5000);
				}
				catch (InterruptedException e) {
					return;
				}
			}
			finally {
				connection = null;
			}
		}
	}

	private Connection open() throws SQLException {
		if (dataSource.isWrapperFor(HikariDataSource.class)) {
			HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
			Properties properties = new Properties();
			if (hikari.getUsername() != null) {
				properties.setProperty("user", hikari.getUsername());
			}
			if (hikari.getPassword() != null) {
				properties.setProperty("password", hikari.getPassword());
			}
			properties.setProperty("ApplicationName", APPLICATION_NAME);
			properties.setProperty("connectTimeout", "5");
			return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
		}
		return dataSource.getConnection();
	}

	private void closeQuietly() {
		Connection c = connection;
		if (c != null) {
			try {
				c.close();
			}
			catch (SQLException ex) {
				// closing on the way out
			}
		}
	}
}
