package org.xingfu.fund;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * 分摊: a cost in cents shared among households by exclusive area. Each household first gets the whole cents of its
 * exact pro-rata share; the cents left over go one each to the households with the largest fractional parts, ties
 * to the household listed first. So the shares add up exactly to the cost, none is negative, and each differs from
 * the exact share by less than one cent. Exact integer arithmetic (areas are in hundredths of a square metre).
 */
final class Apportionment {

	/** A household and its exclusive area, in the order ties are broken. */
	record Part(long householdId, BigDecimal areaM2) {
	}

	record Share(long householdId, BigDecimal areaM2, long shareCents) {
	}

	private Apportionment() {
	}

	static List<Share> apportion(long costCents, List<Part> parts) {
		if (costCents < 0) {
			throw new IllegalArgumentException("cost must not be negative");
		}
		if (parts.isEmpty()) {
			throw new IllegalArgumentException("no households to share the cost");
		}
		BigInteger cost = BigInteger.valueOf(costCents);
		List<BigInteger> areas = new ArrayList<>(parts.size());
		BigInteger total = BigInteger.ZERO;
		for (Part p : parts) {
			BigInteger hundredths = p.areaM2().movePointRight(2).toBigIntegerExact();
			if (hundredths.signum() <= 0) {
				throw new IllegalArgumentException("area must be positive: household " + p.householdId());
			}
			areas.add(hundredths);
			total = total.add(hundredths);
		}
		long[] shares = new long[parts.size()];
		BigInteger[] fractions = new BigInteger[parts.size()];
		long given = 0;
		for (int i = 0; i < parts.size(); i++) {
			BigInteger[] qr = cost.multiply(areas.get(i)).divideAndRemainder(total);
			shares[i] = qr[0].longValueExact();
			fractions[i] = qr[1];
			given += shares[i];
		}
		long left = costCents - given; // fewer than the number of households
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator.<Integer, BigInteger>comparing(i -> fractions[i]).reversed()
			.thenComparing(Comparator.naturalOrder()));
		for (int k = 0; k < left; k++) {
			shares[order.get(k)]++;
		}
		List<Share> result = new ArrayList<>(parts.size());
		for (int i = 0; i < parts.size(); i++) {
			result.add(new Share(parts.get(i).householdId(), parts.get(i).areaM2(), shares[i]));
		}
		return result;
	}
}
