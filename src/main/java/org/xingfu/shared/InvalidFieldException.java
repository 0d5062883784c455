package org.xingfu.shared;

/** A field whose value fails a rule that needs the database (an unknown category code): a 400 naming the field. */
public class InvalidFieldException extends RuntimeException {
	private final String field;
	private final String messageKey;

	public InvalidFieldException(String field, String messageKey) {
		super(field + ": " + messageKey);
		this.field = field;
		this.messageKey = messageKey;
	}

	public String field() {
		return field;
	}

	public String messageKey() {
		return messageKey;
	}
}
