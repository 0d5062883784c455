package org.xingfu.notice;

import java.time.Instant;

/** One version of a notice, as read. */
public record Notice(long id, long seriesId, int version, long nodeId, String nodePath, NoticeScope scope,
		NoticeType type, String title, String body, Instant startsAt, Instant endsAt, int minimumDays,
		Long supersededBy, Instant withdrawnAt, String withdrawReason, String source, String publishedBy,
		Instant createdAt, int objections) {

	public enum State {
		SCHEDULED, ACTIVE, ENDED, WITHDRAWN, SUPERSEDED
	}

	public State stateAt(Instant now) {
		if (supersededBy != null) {
			return State.SUPERSEDED;
		}
		if (withdrawnAt != null) {
			return State.WITHDRAWN;
		}
		if (now.isBefore(startsAt)) {
			return State.SCHEDULED;
		}
		return now.isBefore(endsAt) ? State.ACTIVE : State.ENDED;
	}

	/** The earliest moment the notice may be withdrawn: the end of its minimum period. */
	public Instant withdrawableFrom() {
		return startsAt.plus(java.time.Duration.ofDays(minimumDays));
	}

	/** The same notice without who published it, for readers who are not staff of its area. */
	Notice anonymous() {
		return new Notice(id, seriesId, version, nodeId, nodePath, scope, type, title, body, startsAt, endsAt,
				minimumDays, supersededBy, withdrawnAt, withdrawReason, source, null, createdAt, objections);
	}
}
