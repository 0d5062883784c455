package org.xingfu.property;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The score of a property company's service in one compound and period, 0–100 with one decimal: residents'
 * satisfaction (each answer's five items of 1–5 stars mapped to 0–100, averaged over households) weighted with
 * the inspection check-lists (points over the maximum); either alone when the other is missing. Stars by thresholds.
 */
record ServiceScore(BigDecimal survey, int answers, BigDecimal inspection, int inspections, BigDecimal total,
		int stars) {

	static ServiceScore of(List<int[]> answers, long inspectionPoints, long inspectionMax, int inspections,
			BigDecimal surveyWeight, List<Integer> thresholds) {
		BigDecimal survey = null;
		if (!answers.isEmpty()) {
			BigDecimal sum = BigDecimal.ZERO;
			for (int[] scores : answers) {
				int items = 0;
				for (int s : scores) {
					items += s - 1; // 1 star is 0, 5 stars is 4
				}
				// items / (4 × 5) × 100
				sum = sum.add(BigDecimal.valueOf(items * 100L).divide(BigDecimal.valueOf(4L * scores.length), 10,
						RoundingMode.HALF_UP));
			}
			survey = sum.divide(BigDecimal.valueOf(answers.size()), 1, RoundingMode.HALF_UP);
		}
		BigDecimal inspection = inspectionMax == 0 ? null
				: BigDecimal.valueOf(inspectionPoints * 100L).divide(BigDecimal.valueOf(inspectionMax), 1,
						RoundingMode.HALF_UP);
		BigDecimal total;
		if (survey != null && inspection != null) {
			total = survey.multiply(surveyWeight).add(inspection.multiply(BigDecimal.ONE.subtract(surveyWeight)))
				.setScale(1, RoundingMode.HALF_UP);
		}
		else {
			total = survey != null ? survey : inspection;
		}
		int stars = 0;
		if (total != null) {
			for (int threshold : thresholds) {
				if (total.compareTo(BigDecimal.valueOf(threshold)) >= 0) {
					stars++;
				}
			}
		}
		return new ServiceScore(survey, answers.size(), inspection, inspections, total, stars);
	}
}
