package org.xingfu.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Page sessions in PostgreSQL (Spring Session JDBC, V44). Several requests of one session can add the same attribute
 * at once: right after sign-in the CSRF token is made afresh by whichever request comes first, and the page, its
 * badge poll and a second tab come together. Spring Session's plain INSERT then fails on the key and the user gets
 * an error page (bench/sessions.sh: 13 of 1,187 inbox pages with 16 at once). PostgreSQL's upsert lets the last
 * writer win instead.
 */
@Configuration(proxyBeanMethods = false)
class PageSessions {

	@Bean
	PostgreSqlJdbcIndexedSessionRepositoryCustomizer attributeUpserts() {
		return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
	}
}
