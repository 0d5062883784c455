package org.xingfu.integration;

import java.time.Instant;

/**
 * What other systems receive, as JSON, one topic each. Only ids, places (node ids and materialised paths), codes and
 * times: no resident's name, phone, address or words typed by a resident (a title can hold a phone number).
 */
public final class OutboundEvents {

	private OutboundEvents() {
	}

	/** On {@code xingfu.request.submitted}, keyed by the request id (so one case's events stay in order). */
	public record RequestSubmitted(long requestId, long compoundId, String nodePath, String category, String urgency,
			Instant at) {
	}

	/** On {@code xingfu.request.escalated}: the level (COMMUNITY, STREET, CITY) and its node that must answer now. */
	public record RequestEscalated(long requestId, String level, long levelNodeId, boolean automatic, Instant at) {
	}

	/** On {@code xingfu.request.closed}, with the resident's satisfaction code when they gave one. */
	public record RequestClosed(long requestId, String satisfaction, Instant at) {
	}

	/** On {@code xingfu.wish.fulfilled}: confirmed by the beneficiary; the volunteers counted, not named. */
	public record WishFulfilled(long wishId, long communityId, int volunteers, Instant at) {
	}

	/** On {@code xingfu.ballot.closed}: the owners' decision of a compound. */
	public record BallotClosed(long ballotId, long compoundId, String nodePath, String matter, boolean passed,
			String outcome, Instant at) {
	}

	/** On {@code xingfu.fund.approved}: the street approved (or let pass) an emergency use of the maintenance fund. */
	public record FundUseApproved(long applicationId, long compoundId, String nodePath, String hazard, Instant at) {
	}
}
