package org.xingfu.shared;

/** A request that conflicts with the current state (409). {@code messageKey} names the user-facing text. */
public class ConflictException extends RuntimeException {
	private final String messageKey;
	private final Object[] args;

	public ConflictException(String messageKey, Object... args) {
		super(messageKey);
		this.messageKey = messageKey;
		this.args = args;
	}

	public String messageKey() {
		return messageKey;
	}

	public Object[] args() {
		return args;
	}
}
