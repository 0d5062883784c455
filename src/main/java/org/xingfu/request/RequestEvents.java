package org.xingfu.request;

import java.time.Instant;

/** Past-tense facts other modules may react to (notifications, dashboards, grid work). */
public final class RequestEvents {

	private RequestEvents() {
	}

	/** A new case at compound level: {@code nodePath} is where it is (a household, building or the compound). */
	public record RequestSubmitted(long requestId, long compoundId, String nodePath, String title, String category,
			String urgency, Instant at) {
	}

	public record RequestAccepted(long requestId, String owner, Instant at) {
	}

	/** The case climbed a rung: {@code levelNodeId} is the community, street or city that must answer now. */
	public record RequestEscalated(long requestId, String title, String level, long levelNodeId, boolean automatic,
			Instant at) {
	}

	/** The case was handed over: to a person ({@code toUsername}) or to a level ({@code toNodeId}), by someone. */
	public record RequestHandedOver(long requestId, String title, String toUsername, Long toNodeId, String by,
			Instant at) {
	}

	/** The owner says it is done; the resident (when known) should confirm and rate. */
	public record RequestResolved(long requestId, String title, String owner, Long residentPersonId, Instant at) {
	}

	public record RequestClosed(long requestId, String satisfaction, Instant at) {
	}
}
