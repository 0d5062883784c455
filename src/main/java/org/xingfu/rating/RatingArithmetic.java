package org.xingfu.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rating's arithmetic, without Spring or a database, so it is tested on its own (RatingArithmeticTests).
 * <ul>
 * <li>A figure where higher is better earns {@code max × min(1, value / target)}; where lower is better,
 * {@code max × max(0, 1 − value / target)}. An inspection earns the points the inspectors gave (averaged over the
 * year's cycles), at most the indicator's maximum.</li>
 * <li>An indicator with no value (nothing to divide by, never inspected) is not applicable: the total is the
 * points earned over the points applicable, times 100, so a compound is not punished for having had no disputes
 * (缺项按比例折算).</li>
 * <li>Points are kept to two decimals, half up; the stars are the highest level whose minimum the total reaches.</li>
 * </ul>
 */
final class RatingArithmetic {

	static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	record Rule(long id, String dimension, String source, String figureCode, BigDecimal target, boolean lowerBetter,
			BigDecimal maxPoints) {

		boolean inspected() {
			return "INSPECTION".equals(source);
		}
	}

	/** An indicator's value and the points it earned; both null when it does not apply. */
	record Scored(Rule rule, BigDecimal value, BigDecimal points) {
	}

	/** Points earned and points applicable of one dimension, and its share in percent (null when none apply). */
	record DimensionScore(String code, BigDecimal earned, BigDecimal applicable, BigDecimal weight, BigDecimal percent) {
	}

	record Result(BigDecimal total, int stars, List<DimensionScore> dimensions, List<Scored> indicators) {
	}

	private RatingArithmetic() {
	}

	static BigDecimal points(Rule rule, BigDecimal value) {
		if (value == null) {
			return null;
		}
		BigDecimal earned;
		if (rule.inspected()) {
			earned = value.max(BigDecimal.ZERO).min(rule.maxPoints());
		}
		else {
			BigDecimal ratio = value.max(BigDecimal.ZERO).divide(rule.target(), 10, RoundingMode.HALF_UP);
			BigDecimal share = rule.lowerBetter() ? BigDecimal.ONE.subtract(ratio).max(BigDecimal.ZERO)
					: ratio.min(BigDecimal.ONE);
			earned = rule.maxPoints().multiply(share);
		}
		return earned.setScale(2, RoundingMode.HALF_UP);
	}

	/**
	 * @param rules     indicators in order
	 * @param values    the value of each indicator by id (a figure's value, or the inspectors' average points)
	 * @param dimensions dimension codes in order
	 * @param starLevels minimum total per number of stars
	 */
	static Result rate(List<Rule> rules, Map<Long, BigDecimal> values, List<String> dimensions,
			Map<Integer, BigDecimal> starLevels) {
		List<Scored> scored = new ArrayList<>();
		Map<String, BigDecimal[]> byDimension = new LinkedHashMap<>();
		dimensions.forEach(d -> byDimension.put(d, new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO }));
		BigDecimal earned = BigDecimal.ZERO;
		BigDecimal applicable = BigDecimal.ZERO;
		for (Rule r : rules) {
			BigDecimal value = values.get(r.id());
			BigDecimal p = points(r, value);
			scored.add(new Scored(r, value, p));
			BigDecimal[] d = byDimension.computeIfAbsent(r.dimension(),
					k -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO });
			d[2] = d[2].add(r.maxPoints());
			if (p != null) {
				earned = earned.add(p);
				applicable = applicable.add(r.maxPoints());
				d[0] = d[0].add(p);
				d[1] = d[1].add(r.maxPoints());
			}
		}
		BigDecimal total = applicable.signum() == 0 ? BigDecimal.ZERO.setScale(2)
				: earned.multiply(HUNDRED).divide(applicable, 2, RoundingMode.HALF_UP);
		List<DimensionScore> dims = new ArrayList<>();
		byDimension.forEach((code, d) -> dims.add(new DimensionScore(code, d[0], d[1], d[2],
				d[1].signum() == 0 ? null : d[0].multiply(HUNDRED).divide(d[1], 1, RoundingMode.HALF_UP))));
		return new Result(total, stars(total, starLevels), dims, scored);
	}

	static int stars(BigDecimal total, Map<Integer, BigDecimal> starLevels) {
		int best = 0;
		for (Map.Entry<Integer, BigDecimal> level : starLevels.entrySet()) {
			if (total.compareTo(level.getValue()) >= 0 && level.getKey() > best) {
				best = level.getKey();
			}
		}
		return best;
	}

	/** The weights must add up to exactly 100 points. */
	static boolean weightsAddUp(List<BigDecimal> maxPoints) {
		return maxPoints.stream().reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(HUNDRED) == 0;
	}

	/**
	 * Star thresholds must fall as the stars fall (5 stars needs the most) and one star must be reachable by any
	 * total (its minimum is 0).
	 */
	static boolean starLevelsValid(Map<Integer, BigDecimal> starLevels) {
		for (int s = 1; s <= 5; s++) {
			if (!starLevels.containsKey(s)) {
				return false;
			}
		}
		if (starLevels.get(1).signum() != 0) {
			return false;
		}
		for (int s = 2; s <= 5; s++) {
			if (starLevels.get(s).compareTo(starLevels.get(s - 1)) <= 0 || starLevels.get(s).compareTo(HUNDRED) > 0) {
				return false;
			}
		}
		return true;
	}
}
