package org.xingfu.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xingfu.matching.TwoWayLists.Category;
import org.xingfu.matching.TwoWayLists.Demand;
import org.xingfu.matching.TwoWayLists.DemandStatus;
import org.xingfu.matching.TwoWayLists.Kind;
import org.xingfu.matching.TwoWayLists.Resource;

/** How resources rank for a demand: category, then the closest area, then the most capacity left. */
class SuggestionRankTests {

	static final String COMPOUND = "/1/2/3/4/";

	static Demand demand(Category category) {
		return new Demand(9, 2, 3, 4, COMPOUND, category, "t", "d", LocalDate.now(), 10, DemandStatus.OPEN, "u", null,
				null, null, null, null, null, null, null, null, null, null, null);
	}

	static Resource resource(long id, Category category, String area, int capacity, int used) {
		return new Resource(id, 1, "unit", 1L, Kind.SERVICE, category, "r" + id, "d", capacity, used, area,
				LocalDate.now().plusDays(30));
	}

	@Test
	void sameCategoryFirstThenClosestAreaThenMostRoom() {
		List<Resource> candidates = List.of(
				resource(1, Category.LEGAL, "/1/2/3/", 100, 0),        // other category, near
				resource(2, Category.ELDERLY, "/1/", 100, 0),          // citywide
				resource(3, Category.ELDERLY, "/1/2/3/", 5, 4),        // the community, 1 left
				resource(4, Category.ELDERLY, "/1/2/3/", 10, 0),       // the community, 10 left
				resource(5, Category.ELDERLY, "/1/2/9/", 100, 0));     // another community: never suggested
		List<Long> order = MatchingQueries.rank(demand(Category.ELDERLY), candidates).stream()
			.map(s -> s.resource().id()).toList();
		assertThat(order).containsExactly(4L, 3L, 2L, 1L);
	}

	@Test
	void atMostTenSuggestions() {
		List<Resource> many = new java.util.ArrayList<>();
		for (int i = 0; i < 25; i++) {
			many.add(resource(i, Category.OTHER, "/1/", 10, 0));
		}
		assertThat(MatchingQueries.rank(demand(Category.OTHER), many)).hasSize(10);
	}
}
