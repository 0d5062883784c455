package org.xingfu;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a random port against real PostgreSQL with the demo city loaded. Every integration
 * test uses this one annotation, so the suite shares one Spring context and one database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(XingfuTest.TestDatabase.class)
public @interface XingfuTest {

	@TestConfiguration(proxyBeanMethods = false)
	class TestDatabase {
		/** An external test database is wiped first, so every run starts from the same state. */
		@Bean
		FlywayMigrationStrategy cleanThenMigrate() {
			return flyway -> {
				flyway.clean();
				flyway.migrate();
			};
		}
	}
}
