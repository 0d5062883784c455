package org.xingfu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScopeSqlTests {

	@Test
	void noScopeMeansNothing() {
		assertThat(ScopeSql.within("p", List.of(), "s").sql()).isEqualTo("false");
	}

	@Test
	void rangesCoverExactlyTheSubtree() {
		ScopeSql.Fragment f = ScopeSql.within("n.path", List.of("/1/5/", "/1/7/"), "s");
		assertThat(f.sql()).isEqualTo("((n.path >= :sLo0 and n.path < :sHi0) or (n.path >= :sLo1 and n.path < :sHi1))");
		String lo = (String) f.params().get("sLo0");
		String hi = (String) f.params().get("sHi0");
		// inside: the node itself and its descendants; outside: a sibling whose id starts with the same digits
		assertThat(in("/1/5/", lo, hi)).isTrue();
		assertThat(in("/1/5/99/100/", lo, hi)).isTrue();
		assertThat(in("/1/50/", lo, hi)).isFalse();
		assertThat(in("/1/4/", lo, hi)).isFalse();
		assertThat(in("/1/", lo, hi)).isFalse();
	}

	@Test
	void actorReachesOnlyWithTheRightRole() {
		Actor actor = new Actor(1, "u", "U", 1L, List.of(new Actor.RoleGrant(Role.PROPERTY_STAFF, 5, "x",
				NodeType.COMPOUND, null, List.of("/1/5/"))));
		assertThat(actor.canRead("/1/5/6/")).isTrue();
		assertThat(actor.canRead("/1/50/")).isFalse();
		assertThat(actor.seesPersonalDataAt("/1/5/6/")).isFalse();
		assertThat(actor.reaches("/1/5/6/", Role.ORG_EDITORS)).isFalse();
	}

	private static boolean in(String path, String lo, String hi) {
		// "C" collation compares by code point, as String.compareTo does for these characters
		return path.compareTo(lo) >= 0 && path.compareTo(hi) < 0;
	}
}
