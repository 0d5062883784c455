package org.xingfu.shared;

/** A field whose value fails a rule that needs the database (an unknown category code): a 400 naming the field. */
public class InvalidFieldException extends RuntimeException {
	private final String field;
	private final String messageKey;
	private final Object[] args;

	public InvalidFieldException(String field, String messageKey, Object... args) {
		super(field + ": " + messageKey);
		this.field = field;
		this.messageKey = messageKey;
		this.args = args;
	}

	public String field() {
		return field;
	}

	public String messageKey() {
		return messageKey;
	}

	/** Arguments of the message, for example a number of days. */
	public Object[] args() {
		return args.clone();
	}
}
