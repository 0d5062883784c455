package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Accuracy of the category suggester on a held-out part of the labelled examples: every fifth example of each
 * category is kept out of training. The floor is stated here and the measured figure goes in the README.
 */
class CategorySuggesterTests {

	static final double ACCURACY_FLOOR = 0.70;

	@Test
	void heldOutAccuracyIsAboveTheFloor() {
		List<CategorySuggester.Example> all = CategorySuggester.load();
		List<CategorySuggester.Example> training = new ArrayList<>();
		List<CategorySuggester.Example> heldOut = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (CategorySuggester.Example e : all) {
			int n = seen.merge(e.category(), 1, Integer::sum);
			(n % 5 == 0 ? heldOut : training).add(e);
		}
		CategorySuggester suggester = new CategorySuggester(training);
		long right = heldOut.stream()
			.filter(e -> suggester.suggest(e.text()).map(s -> s.category().equals(e.category())).orElse(false))
			.count();
		heldOut.stream().filter(e -> !suggester.suggest(e.text()).map(s -> s.category().equals(e.category())).orElse(false))
			.forEach(e -> System.out.println("  missed: " + e.category() + " <- " + e.text() + " => "
					+ suggester.suggest(e.text()).map(CategorySuggester.Suggestion::category).orElse("-")));
		double accuracy = right / (double) heldOut.size();
		System.out.printf("category suggester: %d of %d held-out examples right (%.1f%%)%n", right, heldOut.size(),
				accuracy * 100);
		assertThat(heldOut).hasSizeGreaterThan(40);
		assertThat(accuracy).isGreaterThanOrEqualTo(ACCURACY_FLOOR);
	}

	@Test
	void segmentsChineseIntoWordsAndSuggestsTheObviousOnes() {
		CategorySuggester suggester = new CategorySuggester();
		assertThat(suggester.words("小区楼道堆放杂物影响消防通道")).contains("楼道", "堆放", "杂物", "消防", "通道");
		assertThat(suggester.suggest("暖气一点都不热，家里好冷").orElseThrow().category()).isEqualTo("HEATING");
		assertThat(suggester.suggest("楼道里全是别人家的纸箱子").orElseThrow().category()).isEqualTo("STAIRWELL_CLUTTER");
		assertThat(suggester.suggest("")).isEmpty();
	}
}
