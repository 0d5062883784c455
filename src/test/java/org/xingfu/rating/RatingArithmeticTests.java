package org.xingfu.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The rating's arithmetic (RatingArithmetic): points per indicator, the scaled total, stars and the checks. */
class RatingArithmeticTests {

	static final Map<Integer, BigDecimal> STARS = new LinkedHashMap<>(Map.of(5, bd("90"), 4, bd("80"), 3, bd("70"), 2,
			bd("60"), 1, bd("0")));

	static BigDecimal bd(String s) {
		return new BigDecimal(s);
	}

	static RatingArithmetic.Rule figure(long id, String dimension, String target, boolean lowerBetter, String max) {
		return new RatingArithmetic.Rule(id, dimension, "FIGURE", "x.y", bd(target), lowerBetter, bd(max));
	}

	static RatingArithmetic.Rule inspection(long id, String dimension, String max) {
		return new RatingArithmetic.Rule(id, dimension, "INSPECTION", null, null, false, bd(max));
	}

	@Test
	void aFigureEarnsItsShareOfTheTargetAndNoMore() {
		RatingArithmetic.Rule rate = figure(1, "A", "90", false, "6");
		assertThat(RatingArithmetic.points(rate, bd("45"))).isEqualByComparingTo("3.00");
		assertThat(RatingArithmetic.points(rate, bd("90"))).isEqualByComparingTo("6.00");
		assertThat(RatingArithmetic.points(rate, bd("100"))).isEqualByComparingTo("6.00");
		assertThat(RatingArithmetic.points(rate, bd("0"))).isEqualByComparingTo("0.00");
		// 6 × 80/90 = 5.333… → 5.33
		assertThat(RatingArithmetic.points(rate, bd("80"))).isEqualByComparingTo("5.33");
		assertThat(RatingArithmetic.points(rate, null)).isNull();
	}

	@Test
	void aLowerIsBetterFigureLosesItsPointsAtTheTarget() {
		RatingArithmetic.Rule overdue = figure(1, "A", "5", true, "6");
		assertThat(RatingArithmetic.points(overdue, bd("0"))).isEqualByComparingTo("6.00");
		assertThat(RatingArithmetic.points(overdue, bd("1"))).isEqualByComparingTo("4.80");
		assertThat(RatingArithmetic.points(overdue, bd("5"))).isEqualByComparingTo("0.00");
		assertThat(RatingArithmetic.points(overdue, bd("12"))).isEqualByComparingTo("0.00");
	}

	@Test
	void inspectorsPointsAreCappedAtTheWeight() {
		RatingArithmetic.Rule check = inspection(1, "A", "7");
		assertThat(RatingArithmetic.points(check, bd("6.5"))).isEqualByComparingTo("6.50");
		assertThat(RatingArithmetic.points(check, bd("9"))).isEqualByComparingTo("7.00");
	}

	@Test
	void anIndicatorWithoutDataIsLeftOutAndTheTotalScaled() {
		List<RatingArithmetic.Rule> rules = List.of(figure(1, "A", "100", false, "40"), figure(2, "A", "100", false, "20"),
				inspection(3, "B", "40"));
		Map<Long, BigDecimal> values = new HashMap<>();
		values.put(1L, bd("100")); // 40 of 40
		values.put(2L, null); // not applicable
		values.put(3L, bd("20")); // 20 of 40
		RatingArithmetic.Result r = RatingArithmetic.rate(rules, values, List.of("A", "B"), STARS);
		// 60 earned of 80 applicable = 75.00
		assertThat(r.total()).isEqualByComparingTo("75.00");
		assertThat(r.stars()).isEqualTo(3);
		assertThat(r.dimensions()).hasSize(2);
		assertThat(r.dimensions().getFirst().percent()).isEqualByComparingTo("100.0");
		assertThat(r.dimensions().getFirst().weight()).isEqualByComparingTo("60");
		assertThat(r.dimensions().get(1).percent()).isEqualByComparingTo("50.0");
		assertThat(r.indicators().get(1).points()).isNull();
	}

	@Test
	void nothingApplicableIsZeroAndOneStar() {
		RatingArithmetic.Result r = RatingArithmetic.rate(List.of(inspection(1, "A", "100")), Map.of(), List.of("A"), STARS);
		assertThat(r.total()).isEqualByComparingTo("0");
		assertThat(r.stars()).isEqualTo(1);
		assertThat(r.dimensions().getFirst().percent()).isNull();
	}

	@Test
	void starsAtTheirThresholds() {
		assertThat(RatingArithmetic.stars(bd("90.00"), STARS)).isEqualTo(5);
		assertThat(RatingArithmetic.stars(bd("89.99"), STARS)).isEqualTo(4);
		assertThat(RatingArithmetic.stars(bd("60"), STARS)).isEqualTo(2);
		assertThat(RatingArithmetic.stars(bd("59.99"), STARS)).isEqualTo(1);
	}

	@Test
	void weightsAndThresholdsAreChecked() {
		assertThat(RatingArithmetic.weightsAddUp(List.of(bd("33.33"), bd("33.33"), bd("33.34")))).isTrue();
		assertThat(RatingArithmetic.weightsAddUp(List.of(bd("50"), bd("49.99")))).isFalse();
		assertThat(RatingArithmetic.starLevelsValid(STARS)).isTrue();
		Map<Integer, BigDecimal> upside = new HashMap<>(STARS);
		upside.put(4, bd("95"));
		assertThat(RatingArithmetic.starLevelsValid(upside)).isFalse();
		Map<Integer, BigDecimal> noFloor = new HashMap<>(STARS);
		noFloor.put(1, bd("10"));
		assertThat(RatingArithmetic.starLevelsValid(noFloor)).isFalse();
		Map<Integer, BigDecimal> missing = new HashMap<>(STARS);
		missing.remove(3);
		assertThat(RatingArithmetic.starLevelsValid(missing)).isFalse();
	}

	/**
	 * Seeded random rule sets and values (a jqwik-style property without jqwik, see the README): every indicator's
	 * points lie in [0, weight]; the total lies in [0, 100] and equals earned over applicable within rounding; the
	 * stars match the thresholds; the dimensions' earned points add up to the indicators'.
	 */
	@Test
	void randomRuleSetsKeepTheirBounds() {
		Random random = new Random(20261129);
		for (int run = 0; run < 3000; run++) {
			List<RatingArithmetic.Rule> rules = new ArrayList<>();
			Map<Long, BigDecimal> values = new HashMap<>();
			int n = 1 + random.nextInt(20);
			for (long id = 1; id <= n; id++) {
				String dim = "D" + random.nextInt(8);
				BigDecimal max = BigDecimal.valueOf(1 + random.nextInt(2000), 2);
				RatingArithmetic.Rule r = random.nextInt(3) == 0 ? inspection(id, dim, max.toPlainString())
						: figure(id, dim, BigDecimal.valueOf(1 + random.nextInt(10000), 2).toPlainString(), random.nextBoolean(),
								max.toPlainString());
				rules.add(r);
				if (random.nextInt(5) > 0) {
					values.put(id, BigDecimal.valueOf(random.nextInt(30000), 2));
				}
			}
			RatingArithmetic.Result res = RatingArithmetic.rate(rules, values,
					List.of("D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7"), STARS);
			BigDecimal earned = BigDecimal.ZERO;
			BigDecimal applicable = BigDecimal.ZERO;
			for (RatingArithmetic.Scored s : res.indicators()) {
				if (s.points() == null) {
					assertThat(s.value()).isNull();
					continue;
				}
				assertThat(s.points()).isBetween(BigDecimal.ZERO, s.rule().maxPoints());
				earned = earned.add(s.points());
				applicable = applicable.add(s.rule().maxPoints());
			}
			assertThat(res.total()).isBetween(BigDecimal.ZERO, BigDecimal.valueOf(100));
			if (applicable.signum() > 0) {
				assertThat(res.total()).isEqualByComparingTo(earned.multiply(BigDecimal.valueOf(100))
					.divide(applicable, 2, RoundingMode.HALF_UP));
			}
			assertThat(res.stars()).isEqualTo(RatingArithmetic.stars(res.total(), STARS));
			BigDecimal dimEarned = res.dimensions().stream().map(RatingArithmetic.DimensionScore::earned)
				.reduce(BigDecimal.ZERO, BigDecimal::add);
			assertThat(dimEarned).isEqualByComparingTo(earned);
		}
	}
}
