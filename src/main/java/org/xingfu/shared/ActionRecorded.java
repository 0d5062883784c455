package org.xingfu.shared;

import java.time.Instant;

/**
 * A state-changing action happened. Published by every module in the transaction of the change; the audit
 * module appends it to the tamper-evident log. Carries no personal data: targets are named by type and id.
 *
 * @param actor         username of who did it ("system" for jobs and the demo loader)
 * @param action        verb such as NODE_CREATED, LOGIN_FAILED
 * @param targetType    kind of record
 * @param targetId      its id
 * @param nodePath      materialised path of the node the target hangs on, for scoping the log (may be null)
 * @param sourceAddress client address, if from a request
 * @param detail        short non-personal detail
 * @param occurredAt    when
 */
public record ActionRecorded(String actor, String action, String targetType, String targetId, String nodePath,
		String sourceAddress, String detail, Instant occurredAt) {

	public static ActionRecorded of(String actor, String action, String targetType, Object targetId, String nodePath,
			String detail) {
		return new ActionRecorded(actor, action, targetType, String.valueOf(targetId), nodePath,
				SourceAddress.current(), detail, Instant.now());
	}
}
