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

	/**
	 * Puts a refusal on the next page: its message ({@code forbiddenKey} for a refusal by role) and the message's
	 * arguments, as the pages show them with {@code #{${error}(${errorArgs})}}.
	 */
	public static void flash(org.springframework.web.servlet.mvc.support.RedirectAttributes redirect, RuntimeException ex,
			String forbiddenKey) {
		redirect.addFlashAttribute("error", ex instanceof ForbiddenException ? forbiddenKey : messageKey(ex));
		Object[] args = ex instanceof ConflictException c ? c.args() : ex instanceof InvalidFieldException i ? i.args() : null;
		redirect.addFlashAttribute("errorArgs", args == null || args.length == 0 ? null : args);
	}
}
