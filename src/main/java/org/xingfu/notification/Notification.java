package org.xingfu.notification;

import java.time.Instant;
import java.util.List;

/** One line in a person's inbox; {@code kind} names the message, {@code args} fill it in. */
public record Notification(long id, String kind, List<String> args, String link, Instant createdAt, Instant readAt) {

	public boolean unread() {
		return readAt == null;
	}
}
