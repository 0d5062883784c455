package org.xingfu.shared;

/**
 * The caller may see the thing but not do this to it (403). Used only where the thing is visible to them;
 * otherwise {@link NotFoundException}.
 */
public class ForbiddenException extends RuntimeException {
	public ForbiddenException(String action) {
		super("not allowed: " + action);
	}
}
