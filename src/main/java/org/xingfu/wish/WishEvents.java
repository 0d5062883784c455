package org.xingfu.wish;

import java.time.Instant;
import java.util.List;

/** Past-tense facts about wishes, for points, notifications and dashboards. */
public final class WishEvents {

	private WishEvents() {
	}

	/** A claimant as the points ledger needs them. */
	public record Claimant(String username, Long personId, String name) {
	}

	/** The wish was confirmed fulfilled: each claimant earns the points of a fulfilled wish. */
	/** A volunteer took the wish on: the beneficiary hears that it is on its way (by name of the wish only). */
	public record WishClaimed(long wishId, String title, Long beneficiaryPersonId, Instant at) {
	}

	public record WishConfirmed(long wishId, long communityId, String title, List<Claimant> claimants, Instant at) {
	}
}
