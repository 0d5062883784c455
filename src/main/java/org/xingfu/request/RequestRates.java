package org.xingfu.request;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The three rates of a node and period (domain.md section 3), with exact arithmetic: 响应率 = accepted within limit
 * / received; 解决率 = resident-confirmed / received; 满意率 = (satisfied + 0.9 × basically satisfied) / rated;
 * score = weighted sum. A rate with nothing to divide by is null, not zero.
 */
public record RequestRates(long received, long respondedInTime, long resolved, long rated, long satisfied,
		long basicallySatisfied, BigDecimal responseRate, BigDecimal resolutionRate, BigDecimal satisfactionRate,
		BigDecimal score) {

	static final BigDecimal BASICALLY = new BigDecimal("0.9");

	static RequestRates of(long received, long respondedInTime, long resolved, long rated, long satisfied,
			long basicallySatisfied, BigDecimal wResponse, BigDecimal wResolution, BigDecimal wSatisfaction) {
		BigDecimal response = ratio(BigDecimal.valueOf(respondedInTime), received);
		BigDecimal resolution = ratio(BigDecimal.valueOf(resolved), received);
		BigDecimal satisfaction = ratio(BigDecimal.valueOf(satisfied).add(BASICALLY.multiply(BigDecimal.valueOf(basicallySatisfied))),
				rated);
		BigDecimal score = response == null ? null
				: wResponse.multiply(response).add(wResolution.multiply(resolution))
					.add(wSatisfaction.multiply(satisfaction == null ? BigDecimal.ZERO : satisfaction))
					.setScale(4, RoundingMode.HALF_UP);
		return new RequestRates(received, respondedInTime, resolved, rated, satisfied, basicallySatisfied, response,
				resolution, satisfaction, score);
	}

	private static BigDecimal ratio(BigDecimal numerator, long denominator) {
		return denominator == 0 ? null : numerator.divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
	}
}
