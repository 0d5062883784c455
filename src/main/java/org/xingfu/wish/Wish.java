package org.xingfu.wish;

import java.math.BigDecimal;
import java.time.Instant;

/** A wish as stored; {@link WishView} is what a viewer may see of it. */
record Wish(long id, long cityId, long communityId, long compoundId, long householdId, String nodePath,
		Long beneficiaryPersonId, String beneficiaryName, String beneficiaryPhone, String title, String description,
		BigDecimal valueYuan, int claimantsNeeded, WishStatus status, String postedBy, Instant postedAt,
		String verifiedBy, Instant verifiedAt, String declineReason, String fulfilNote, Instant fulfilledAt,
		String confirmedBy, Instant confirmedAt, String thanks, int version) {
}
