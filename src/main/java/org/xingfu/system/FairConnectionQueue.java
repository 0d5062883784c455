package org.xingfu.system;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Hands out pool connections first come, first served. HikariCP lets a newly arriving thread take a connection
 * that has just been returned ahead of the threads already waiting for one; under a burst (64 residents filing at
 * once, 20 connections) a few requests then wait many turns, which showed as a p99 four times the median in
 * bench/requests.sh. A fair semaphore with one permit per connection puts the waiters in a queue.
 */
@Component
class FairConnectionQueue implements BeanPostProcessor, org.springframework.core.Ordered {

	/** Before ReplicaRouting's router (an unordered post-processor), which then routes to this fair primary. */
	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari) {
			return new Fair(hikari);
		}
		return bean;
	}

	static final class Fair extends DelegatingDataSource {

		private final Semaphore permits;
		private final long timeoutMs;

		Fair(HikariDataSource hikari) {
			super(hikari);
			this.permits = new Semaphore(hikari.getMaximumPoolSize(), true);
			this.timeoutMs = hikari.getConnectionTimeout();
		}

		@Override
		public Connection getConnection() throws SQLException {
			acquire();
			try {
				return released(super.getConnection());
			}
			catch (SQLException | RuntimeException ex) {
				permits.release();
				throw ex;
			}
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			acquire();
			try {
				return released(super.getConnection(username, password));
			}
			catch (SQLException | RuntimeException ex) {
				permits.release();
				throw ex;
			}
		}

		/** Threads waiting for a connection (an estimate, as {@link Semaphore#getQueueLength()}). */
		int waiting() {
			return permits.getQueueLength();
		}

		private void acquire() throws SQLException {
			try {
				if (!permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
					throw new SQLTransientConnectionException("no database connection free within " + timeoutMs + " ms");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLTransientConnectionException("interrupted while waiting for a database connection", ex);
			}
		}

		/** The connection, with close() giving the permit back (once, however often it is called). */
		private Connection released(Connection target) {
			AtomicBoolean closed = new AtomicBoolean();
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						if (method.getName().equals("close") && method.getParameterCount() == 0) {
							try {
								target.close();
							}
							finally {
								if (closed.compareAndSet(false, true)) {
									permits.release();
								}
							}
							return null;
						}
						if (method.getName().equals("equals") && method.getParameterCount() == 1) {
							return proxy == args[0];
						}
						if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
							return System.identityHashCode(proxy);
						}
						try {
							return method.invoke(target, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}
	}
}
