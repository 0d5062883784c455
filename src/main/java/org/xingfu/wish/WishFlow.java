package org.xingfu.wish;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/** Which step may follow which state, and the limits of a claim; kept apart from storage so it is tested alone. */
enum WishFlow {
	VERIFY(EnumSet.of(WishStatus.COLLECTED), WishStatus.PUBLISHED),
	DECLINE(EnumSet.of(WishStatus.COLLECTED), WishStatus.DECLINED),
	CLAIM(EnumSet.of(WishStatus.PUBLISHED, WishStatus.CLAIMED), WishStatus.CLAIMED),
	ADD_PHOTO(EnumSet.of(WishStatus.CLAIMED, WishStatus.FULFILLED), null),
	FULFIL(EnumSet.of(WishStatus.CLAIMED), WishStatus.FULFILLED),
	CONFIRM(EnumSet.of(WishStatus.FULFILLED), WishStatus.CONFIRMED);

	private final Set<WishStatus> from;
	private final WishStatus to;

	WishFlow(Set<WishStatus> from, WishStatus to) {
		this.from = from;
		this.to = to;
	}

	boolean allowedFrom(WishStatus status) {
		return from.contains(status);
	}

	/** The state after the step, or the same state for a step that does not move the wish. */
	WishStatus after(WishStatus status) {
		return to == null ? status : to;
	}

	/** Whether one more claimant fits: a wish needs one claimant, a larger one a group of up to {@code needed}. */
	static boolean roomForClaim(int claimants, int needed) {
		return claimants < needed;
	}

	/** A wish's value must be positive and not above the cap. */
	static boolean valueAllowed(BigDecimal value, BigDecimal cap) {
		return value != null && value.signum() > 0 && value.compareTo(cap) <= 0;
	}
}
