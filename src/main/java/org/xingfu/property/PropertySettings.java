package org.xingfu.property;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Evaluation and award rules.
 *
 * @param starThresholds  the score (0–100) each star needs, ascending: by default 60, 70, 80, 90, 95 for one to
 *                        five stars
 * @param surveyWeight    the residents' survey's share of the score when an inspection exists too (default 0.6)
 * @param awardPublicityDays how long a proposed award list stays up for objections (default 7)
 */
@ConfigurationProperties("xingfu.property")
record PropertySettings(List<Integer> starThresholds, BigDecimal surveyWeight, Integer awardPublicityDays) {

	PropertySettings {
		starThresholds = starThresholds == null || starThresholds.isEmpty() ? List.of(60, 70, 80, 90, 95)
				: List.copyOf(starThresholds);
		surveyWeight = surveyWeight == null ? new BigDecimal("0.6") : surveyWeight;
		awardPublicityDays = awardPublicityDays == null ? 7 : awardPublicityDays;
	}
}
