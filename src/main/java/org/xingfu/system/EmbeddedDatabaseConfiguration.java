package org.xingfu.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a real PostgreSQL (binaries from a Maven artifact) when no {@code XINGFU_DB_URL} is set, so one command
 * runs the whole platform on a fresh machine. Its data persists in {@code xingfu.embedded-db.data-dir}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
@EnableConfigurationProperties(EmbeddedDatabaseConfiguration.EmbeddedDbProperties.class)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	/**
	 * @param dataDir  where the cluster lives
	 * @param clean    start from an empty cluster (tests)
	 * @param poolSize connections in the pool
	 */
	@ConfigurationProperties("xingfu.embedded-db")
	record EmbeddedDbProperties(String dataDir, boolean clean, Integer poolSize) {
		EmbeddedDbProperties {
			dataDir = StringUtils.hasText(dataDir) ? dataDir : "data/pg";
			poolSize = poolSize == null ? 20 : poolSize;
		}
	}

	static class NoDatabaseUrl implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}
	}

	// closed by Spring after the pool (the pool depends on it), so the database stops last
	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedDbProperties properties) throws IOException {
		Path dataDir = Path.of(properties.dataDir()).toAbsolutePath();
		Files.createDirectories(dataDir.getParent());
		if (!properties.clean()) {
			LeftoverPostmaster.stopIfRunning(dataDir);
		}
		log.info("Starting embedded PostgreSQL in {}", dataDir);
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(properties.clean())
			// zonky's own hook would stop the database while Spring is still closing (stack-notes gotcha 3)
			.setRegisterShutdownHook(false)
			// zonky turns durability off for tests; an acknowledged request must survive a crash
			.setServerConfig("fsync", properties.clean() ? "off" : "on")
			.setServerConfig("synchronous_commit", properties.clean() ? "off" : "on")
			.setServerConfig("full_page_writes", properties.clean() ? "off" : "on")
			.setServerConfig("max_connections", "100")
			.setServerConfig("shared_buffers", "128MB")
			// a UTF-8 ctype, or pg_trgm ignores Chinese characters (stack-notes gotcha 5)
			.setLocaleConfig("locale", "C.UTF-8")
			.setPGStartupWait(java.time.Duration.ofSeconds(60))
			.start();
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres, EmbeddedDbProperties properties,
			@org.springframework.beans.factory.annotation.Value("${spring.datasource.hikari.connection-timeout:5000}") long connectionTimeoutMs) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		config.setMaximumPoolSize(properties.poolSize());
		config.setConnectionTimeout(connectionTimeoutMs);
		config.setPoolName("xingfu-embedded");
		return new HikariDataSource(config);
	}
}
