package org.xingfu.system;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.xingfu.shared.ReadReplica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The optional read replica (issue 11): when {@code xingfu.replica.url} is set, the application's DataSource
 * becomes a router in front of two pools, the primary's and a read-only one to the replica. Statements inside
 * {@link ReadReplica#read} go to the replica, all others to the primary. The connection is taken lazily, at the
 * first statement, so a transaction begun inside {@code read} runs wholly on the replica.
 *
 * <p>{@code xingfu.replica.url=primary} opens the read-only pool on the primary database itself: the test suite
 * runs that way, so a write on the replica's path fails there as it would on a real replica.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaRouting {

	static final String POOL = "xingfu-replica";

	@Bean
	static BeanPostProcessor replicaRouter(Environment environment) {
		return new org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor() {
			private volatile HikariDataSource replica;

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				String url = environment.getProperty("xingfu.replica.url", "");
				if (!(bean instanceof DataSource primary) || !name.equals("dataSource") || url.isBlank()) {
					return bean;
				}
				replica = replicaPool(environment, primary, url);
				return new Router(primary, replica);
			}

			/**
			 * Spring destroys the pool it made (the primary), not the router wrapped around it: the replica pool is
			 * closed here, or its connections would outlive the context (seen with several contexts in one JVM).
			 */
			@Override
			public void postProcessBeforeDestruction(Object bean, String name) {
				HikariDataSource pool = replica;
				if (name.equals("dataSource") && pool != null) {
					pool.close();
				}
			}

			@Override
			public boolean requiresDestruction(Object bean) {
				return bean instanceof DataSource;
			}
		};
	}

	private static HikariDataSource replicaPool(Environment environment, DataSource primary, String url) {
		HikariConfig config = new HikariConfig();
		if (url.equals("primary")) {
			HikariDataSource p = unwrap(primary);
			config.setJdbcUrl(p.getJdbcUrl());
			config.setUsername(p.getUsername());
			config.setPassword(p.getPassword());
		}
		else {
			config.setJdbcUrl(url);
			config.setUsername(environment.getProperty("xingfu.replica.username",
					environment.getProperty("spring.datasource.username", "")));
			config.setPassword(environment.getProperty("xingfu.replica.password",
					environment.getProperty("spring.datasource.password", "")));
		}
		config.setPoolName(POOL);
		config.setReadOnly(true);
		// pgjdbc sends "read only" only around transactions unless told always: a statement outside one would write
		config.addDataSourceProperty("readOnlyMode", "always");
		config.setMaximumPoolSize(environment.getProperty("xingfu.replica.pool-size", Integer.class, 10));
		config.setMinimumIdle(2);
		config.setConnectionTimeout(environment.getProperty("spring.datasource.hikari.connection-timeout", Long.class, 5000L));
		// seen in pg_stat_activity, on the replica and in the suite
		config.addDataSourceProperty("ApplicationName", POOL);
		LoggerFactory.getLogger(ReplicaRouting.class).info("Dashboards, reports and exports read from the replica pool {}",
				url.equals("primary") ? "(read-only, on the primary database)" : "");
		return new HikariDataSource(config);
	}

	private static HikariDataSource unwrap(DataSource primary) {
		try {
			return primary.unwrap(HikariDataSource.class);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("xingfu.replica.url=primary needs a Hikari pool for the primary", ex);
		}
	}

	/** Lazy, so the pool is chosen at the first statement of a transaction, by {@link ReadReplica#active()}. */
	static final class Router extends LazyConnectionDataSourceProxy implements AutoCloseable {

		private static final Logger log = LoggerFactory.getLogger(Router.class);

		private final DataSource primary;
		private final HikariDataSource replica;

		Router(DataSource primary, HikariDataSource replica) {
			this.primary = primary;
			this.replica = replica;
			AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {
				@Override
				protected Object determineCurrentLookupKey() {
					return ReadReplica.active() ? "replica" : "primary";
				}
			};
			routing.setTargetDataSources(Map.of("primary", primary, "replica", replica));
			routing.setDefaultTargetDataSource(primary);
			routing.afterPropertiesSet();
			setTargetDataSource(routing);
			// known defaults: no connection is opened to find them out
			setDefaultAutoCommit(true);
			setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			afterPropertiesSet();
		}

		/** The bean's destroy method (the primary pool's {@code close}, now the router's): closes both pools. */
		@Override
		public void close() throws Exception {
			log.debug("closing the replica and primary pools");
			replica.close();
			if (primary instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}
}
