package org.xingfu;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;

/** Builds the {@link Actor} of a demo account the way login does, for tests that call module APIs directly. */
public final class TestActors {

	private TestActors() {
	}

	public static Actor of(JdbcClient jdbc, OrganizationDirectory directory, String username) {
		record Row(long id, long personId, String displayName) {
		}
		Row row = jdbc.sql("select id, person_id, display_name from idn_account where username = ?").param(username)
			.query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3))).single();
		return new Actor(row.id(), username, row.displayName(), row.personId(), directory.grantsOf(row.personId()));
	}
}
