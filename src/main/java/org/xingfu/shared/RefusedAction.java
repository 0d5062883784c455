package org.xingfu.shared;

/**
 * What a page tells the user when an action it posted was refused: the message key for the flash message, the
 * same for every module (the API says the same through problem+json).
 */
public final class RefusedAction {

	private RefusedAction() {
	}

	/** The message key for one of the refusals actions throw: conflict, invalid field, forbidden, bad upload. */
	public static String messageKey(RuntimeException ex) {
		return switch (ex) {
			case ConflictException c -> c.messageKey();
			case InvalidFieldException i -> i.messageKey();
			case UploadRejectedException u -> u.tooLarge() ? "api.error.tooLarge" : u.typeMessageKey();
			case ForbiddenException f -> "error.forbidden";
			default -> throw ex;
		};
	}
}
