package org.xingfu.request;

import java.time.Instant;
import java.util.List;

/** A request as its viewer may see it; resident name and phone are masked where the role does not need them. */
public record RequestView(long id, String category, String categoryName, String urgency, String title,
		String description, String status, String level, long levelNodeId, String channel, long nodeId,
		String place, String ownerUsername, Instant acceptDueAt, Instant resolveDueAt, boolean overdue,
		Instant submittedAt, Instant acceptedAt, Instant resolvedAt, Instant closedAt, String satisfaction,
		Long mergedInto, String residentName, String residentPhone, List<TimelineEntry> timeline) {

	/** One line of the timeline; internal notes are left out for residents. */
	public record TimelineEntry(Instant at, String actor, String type, String fromStatus, String toStatus,
			String note, String target) {
	}
}
