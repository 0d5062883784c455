package org.xingfu.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The arithmetic of a property service score: survey items to 0–100, the weighting, the stars. */
class ServiceScoreTests {

	static final List<Integer> STARS = List.of(60, 70, 80, 90, 95);
	static final BigDecimal WEIGHT = new BigDecimal("0.6");

	@Test
	void surveyAndInspectionWeighted() {
		// one household: 5,4,5,4,5 → 18 of 20 points above one star → 90.0; inspection 83/100 → 83.0
		ServiceScore s = ServiceScore.of(List.of(new int[] { 5, 4, 5, 4, 5 }), 83, 100, 1, WEIGHT, STARS);
		assertThat(s.survey()).isEqualByComparingTo("90.0");
		assertThat(s.inspection()).isEqualByComparingTo("83.0");
		assertThat(s.total()).isEqualByComparingTo("87.2"); // 54 + 33.2
		assertThat(s.stars()).isEqualTo(3);
	}

	@Test
	void averagesHouseholdsAndUsesOnePartAlone() {
		ServiceScore surveyOnly = ServiceScore.of(List.of(new int[] { 1, 1, 1, 1, 1 }, new int[] { 5, 5, 5, 5, 5 }), 0, 0, 0,
				WEIGHT, STARS);
		assertThat(surveyOnly.survey()).isEqualByComparingTo("50.0");
		assertThat(surveyOnly.inspection()).isNull();
		assertThat(surveyOnly.total()).isEqualByComparingTo("50.0");
		assertThat(surveyOnly.stars()).isZero();
		ServiceScore inspectionOnly = ServiceScore.of(List.of(), 190, 200, 2, WEIGHT, STARS);
		assertThat(inspectionOnly.total()).isEqualByComparingTo("95.0");
		assertThat(inspectionOnly.stars()).isEqualTo(5);
		assertThat(ServiceScore.of(List.of(), 0, 0, 0, WEIGHT, STARS).total()).isNull();
	}

	@Test
	void aThresholdIsMetAtExactlyItsValue() {
		// 3,4,4,4,4 → 14/20 → 70.0: two stars
		assertThat(ServiceScore.of(List.of(new int[] { 3, 4, 4, 4, 4 }), 0, 0, 0, WEIGHT, STARS).stars()).isEqualTo(2);
	}
}
