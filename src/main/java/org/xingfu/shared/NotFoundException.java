package org.xingfu.shared;

/**
 * The thing does not exist or lies outside the caller's scope: both answer 404, so a scope cannot be probed.
 */
public class NotFoundException extends RuntimeException {
	public NotFoundException(String what, Object id) {
		super(what + " " + id + " not found");
	}
}
