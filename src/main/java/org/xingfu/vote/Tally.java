package org.xingfu.vote;

import java.math.BigDecimal;
import java.util.Collection;

/**
 * Counts a closed ballot by art. 278: first participation against the quorum (at least 2/3 of the exclusive area
 * AND at least 2/3 of the owners by head), then approval among the participants (at least 3/4 for items 6–8, more
 * than 1/2 for the others, each on area AND head count). Shares are compared by cross-multiplying exact decimals,
 * never by dividing, so a share exactly at a threshold is decided correctly.
 */
public final class Tally {

	public enum Choice {
		FOR, AGAINST, ABSTAIN
	}

	/**
	 * One owner as counted by head, with the exclusive area of all their parts; {@code choice} null if they did not
	 * vote. One buyer owning several parts is one Owner; the developer's unsold parts together are one Owner.
	 */
	public record Owner(BigDecimal area, Choice choice) {
	}

	/** Which test decided the result; the first failing one, or PASSED. */
	public enum Outcome {
		NO_QUORUM_AREA, NO_QUORUM_OWNERS, REJECTED_AREA, REJECTED_OWNERS, PASSED
	}

	public record Result(BigDecimal eligibleArea, int eligibleOwners, BigDecimal participatingArea,
			int participatingOwners, BigDecimal forArea, int forOwners, BigDecimal againstArea, int againstOwners,
			boolean quorumMet, String requiredShare, boolean passed, Outcome outcome) {
	}

	private Tally() {
	}

	public static Result count(Matter matter, Collection<Owner> roll) {
		BigDecimal eligibleArea = BigDecimal.ZERO;
		BigDecimal participatingArea = BigDecimal.ZERO;
		BigDecimal forArea = BigDecimal.ZERO;
		BigDecimal againstArea = BigDecimal.ZERO;
		int eligible = 0;
		int participating = 0;
		int forOwners = 0;
		int againstOwners = 0;
		for (Owner o : roll) {
			eligible++;
			eligibleArea = eligibleArea.add(o.area());
			if (o.choice() != null) {
				participating++;
				participatingArea = participatingArea.add(o.area());
				if (o.choice() == Choice.FOR) {
					forOwners++;
					forArea = forArea.add(o.area());
				}
				else if (o.choice() == Choice.AGAINST) {
					againstOwners++;
					againstArea = againstArea.add(o.area());
				}
			}
		}
		boolean quorumArea = atLeast(participatingArea, eligibleArea, 2, 3);
		boolean quorumOwners = atLeast(BigDecimal.valueOf(participating), BigDecimal.valueOf(eligible), 2, 3);
		boolean quorum = quorumArea && quorumOwners && eligible > 0;
		boolean approvalArea;
		boolean approvalOwners;
		if (matter.needsThreeQuarters()) {
			approvalArea = atLeast(forArea, participatingArea, 3, 4);
			approvalOwners = atLeast(BigDecimal.valueOf(forOwners), BigDecimal.valueOf(participating), 3, 4);
		}
		else {
			approvalArea = moreThanHalf(forArea, participatingArea);
			approvalOwners = moreThanHalf(BigDecimal.valueOf(forOwners), BigDecimal.valueOf(participating));
		}
		Outcome outcome = !quorumArea || eligible == 0 ? Outcome.NO_QUORUM_AREA
				: !quorumOwners ? Outcome.NO_QUORUM_OWNERS
						: !approvalArea ? Outcome.REJECTED_AREA
								: !approvalOwners ? Outcome.REJECTED_OWNERS : Outcome.PASSED;
		return new Result(eligibleArea, eligible, participatingArea, participating, forArea, forOwners, againstArea,
				againstOwners, quorum, matter.needsThreeQuarters() ? "3/4" : "1/2", outcome == Outcome.PASSED, outcome);
	}

	/** part / whole >= num / den, exactly; an empty whole meets nothing. */
	static boolean atLeast(BigDecimal part, BigDecimal whole, int num, int den) {
		return whole.signum() > 0 && part.multiply(BigDecimal.valueOf(den)).compareTo(whole.multiply(BigDecimal.valueOf(num))) >= 0;
	}

	/** part / whole > 1/2, exactly. */
	static boolean moreThanHalf(BigDecimal part, BigDecimal whole) {
		return whole.signum() > 0 && part.multiply(BigDecimal.TWO).compareTo(whole) > 0;
	}
}
