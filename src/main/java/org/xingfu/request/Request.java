package org.xingfu.request;

import java.time.Instant;

import org.xingfu.request.RequestTypes.Channel;
import org.xingfu.request.RequestTypes.Level;
import org.xingfu.request.RequestTypes.Satisfaction;
import org.xingfu.request.RequestTypes.Status;
import org.xingfu.request.RequestTypes.Urgency;

/** The state of one request as stored; transitions live in {@link RequestManagement}. */
record Request(long id, long cityId, long nodeId, String nodePath, long compoundId, Level level, long levelNodeId,
		String category, Urgency urgency, String title, String description, Status status, Channel channel,
		String submittedBy, Long residentPersonId, String residentName, String residentPhone,
		String contactPreference, String ownerUsername, Instant firstAcceptDueAt, Instant acceptDueAt,
		Instant resolveDueAt, Instant firstAcceptedAt, Instant acceptedAt, Instant resolvedAt, Instant confirmedAt,
		Instant closedAt, Satisfaction satisfaction, Long mergedInto, Instant submittedAt, Instant levelEnteredAt,
		int version) {

	boolean overdue(Instant now) {
		return status == Status.SUBMITTED && acceptDueAt.isBefore(now)
				|| status.open() && resolveDueAt.isBefore(now);
	}
}
