package org.xingfu.fund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The apportionment of a cost by exclusive area. The property checks run a fixed-seed generator over many random
 * cases (set {@code -Dfund.apportionment.cases=} for a longer run): the shares always add up to the cost, are never
 * negative, and differ from the exact pro-rata value by less than one cent.
 */
class ApportionmentTests {

	private static List<Apportionment.Part> parts(String... areas) {
		List<Apportionment.Part> list = new ArrayList<>();
		for (int i = 0; i < areas.length; i++) {
			list.add(new Apportionment.Part(100 + i, new BigDecimal(areas[i])));
		}
		return list;
	}

	private static List<Long> cents(List<Apportionment.Share> shares) {
		return shares.stream().map(Apportionment.Share::shareCents).toList();
	}

	@Test
	void aWorkedExampleOfThreeFlats() {
		// 1,000.00 yuan over 80 + 90 + 100 m²: exact 296.296…, 333.333…, 370.370… yuan
		List<Apportionment.Share> shares = Apportionment.apportion(100_000, parts("80.00", "90.00", "100.00"));
		// floors 29629 + 33333 + 37037 = 99999; the one cent left goes to the largest fraction (.62 of flat 1)
		assertThat(cents(shares)).containsExactly(29_630L, 33_333L, 37_037L);
	}

	@Test
	void equalAreasBreakTiesByHouseholdOrder() {
		// 1.00 yuan over three equal flats: 33.33… cents each, the leftover cent goes to the first household
		assertThat(cents(Apportionment.apportion(100, parts("75.5", "75.5", "75.5")))).containsExactly(34L, 33L, 33L);
		// 2 cents left over among equal fractions: the first two
		assertThat(cents(Apportionment.apportion(200, parts("60", "60", "60")))).containsExactly(67L, 67L, 66L);
	}

	@Test
	void aCostSmallerThanTheNumberOfHouseholds() {
		assertThat(cents(Apportionment.apportion(2, parts("50", "120.25", "80")))).containsExactly(0L, 1L, 1L);
		assertThat(cents(Apportionment.apportion(0, parts("50", "60")))).containsExactly(0L, 0L);
	}

	@Test
	void refusesNoHouseholdsANegativeCostAndAZeroArea() {
		assertThatThrownBy(() -> Apportionment.apportion(100, List.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Apportionment.apportion(-1, parts("50"))).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Apportionment.apportion(100, parts("50", "0"))).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void sharesAlwaysAddUpAreNeverNegativeAndStayWithinOneCentOfTheExactValue() {
		int cases = Integer.getInteger("fund.apportionment.cases", 3_000);
		Random random = new Random(20261129L);
		for (int c = 0; c < cases; c++) {
			int n = 1 + random.nextInt(random.nextBoolean() ? 8 : 400);
			List<Apportionment.Part> parts = new ArrayList<>();
			BigDecimal total = BigDecimal.ZERO;
			for (int i = 0; i < n; i++) {
				// 20.00 to 300.00 m², sometimes many equal flats (typical of one building)
				BigDecimal area = random.nextInt(4) == 0 ? new BigDecimal("89.37")
						: BigDecimal.valueOf(2_000 + random.nextInt(28_001), 2);
				parts.add(new Apportionment.Part(i + 1, area));
				total = total.add(area);
			}
			long cost = switch (random.nextInt(4)) {
				case 0 -> random.nextInt(n * 3 + 1); // fewer cents than households
				case 1 -> random.nextLong(10_000_000_000L); // up to 100 million yuan
				default -> random.nextInt(50_000_000);
			};
			List<Apportionment.Share> shares = Apportionment.apportion(cost, parts);
			String label = "case " + c + ": " + cost + " cents over " + n;
			assertThat(shares).as(label).hasSize(n);
			assertThat(shares.stream().mapToLong(Apportionment.Share::shareCents).sum()).as(label).isEqualTo(cost);
			for (int i = 0; i < n; i++) {
				Apportionment.Share s = shares.get(i);
				assertThat(s.householdId()).isEqualTo(parts.get(i).householdId());
				assertThat(s.shareCents()).as(label).isNotNegative();
				BigDecimal exact = BigDecimal.valueOf(cost).multiply(parts.get(i).areaM2())
					.divide(total, MathContext.DECIMAL128);
				assertThat(BigDecimal.valueOf(s.shareCents()).subtract(exact).abs()).as(label)
					.isLessThan(BigDecimal.ONE);
			}
			// a household rounded up never has a smaller fraction than one rounded down
			BigDecimal largestDown = null;
			BigDecimal smallestUp = null;
			for (int i = 0; i < n; i++) {
				BigDecimal exact = BigDecimal.valueOf(cost).multiply(parts.get(i).areaM2())
					.divide(total, MathContext.DECIMAL128);
				BigDecimal fraction = exact.subtract(new BigDecimal(exact.toBigInteger()));
				boolean up = BigDecimal.valueOf(shares.get(i).shareCents()).compareTo(exact) > 0;
				if (up) {
					smallestUp = smallestUp == null || fraction.compareTo(smallestUp) < 0 ? fraction : smallestUp;
				}
				else if (fraction.signum() > 0) {
					largestDown = largestDown == null || fraction.compareTo(largestDown) > 0 ? fraction : largestDown;
				}
			}
			if (largestDown != null && smallestUp != null) {
				assertThat(smallestUp).as(label).isGreaterThanOrEqualTo(largestDown);
			}
		}
	}
}
