package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;


class RequestRatesTests {

	private static final BigDecimal W1 = new BigDecimal("0.1");
	private static final BigDecimal W2 = new BigDecimal("0.5");
	private static final BigDecimal W3 = new BigDecimal("0.4");

	@Test
	void theFormulasOfTheDomainBrief() {
		// 10 received, 8 accepted in time, 6 confirmed, 5 rated: 3 satisfied, 1 basically, 1 dissatisfied
		RequestRates r = RequestRates.of(10, 8, 6, 5, 3, 1, W1, W2, W3);
		assertThat(r.responseRate()).isEqualByComparingTo("0.8");
		assertThat(r.resolutionRate()).isEqualByComparingTo("0.6");
		assertThat(r.satisfactionRate()).isEqualByComparingTo("0.78"); // (3 + 0.9) / 5
		assertThat(r.score()).isEqualByComparingTo("0.692"); // 0.08 + 0.30 + 0.312
	}

	@Test
	void nothingReceivedMeansNoRateRatherThanZero() {
		RequestRates r = RequestRates.of(0, 0, 0, 0, 0, 0, W1, W2, W3);
		assertThat(r.responseRate()).isNull();
		assertThat(r.satisfactionRate()).isNull();
		assertThat(r.score()).isNull();
	}

	/** A property over 5,000 random tallies (fixed seed), including the all-zero and all-hundred corners. */
	@Test
	void ratesStayBetweenZeroAndOne() {
		java.util.Random random = new java.util.Random(278);
		check(1, 0, 0, 0, 0, 0);
		check(100_000, 100, 100, 100, 100, 100);
		for (int i = 0; i < 5000; i++) {
			check(1 + random.nextInt(100_000), random.nextInt(101), random.nextInt(101), random.nextInt(101),
					random.nextInt(101), random.nextInt(101));
		}
	}

	private void check(int received, int inTimePct, int resolvedPct, int ratedPct, int satisfiedPct, int basicPct) {
		long inTime = (long) received * inTimePct / 100;
		long resolved = (long) received * resolvedPct / 100;
		long rated = resolved * ratedPct / 100;
		long satisfied = rated * satisfiedPct / 100;
		long basic = (rated - satisfied) * basicPct / 100;
		RequestRates r = RequestRates.of(received, inTime, resolved, rated, satisfied, basic, W1, W2, W3);
		assertThat(r.responseRate()).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
		assertThat(r.resolutionRate()).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
		if (rated > 0) {
			assertThat(r.satisfactionRate()).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
		}
		assertThat(r.score()).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
	}
}
