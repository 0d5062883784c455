package org.xingfu.shared;

/** An uploaded file of a type we do not take (415) or larger than allowed (413). */
public class UploadRejectedException extends RuntimeException {
	private final boolean tooLarge;

	public UploadRejectedException(boolean tooLarge) {
		super(tooLarge ? "upload too large" : "unsupported upload type");
		this.tooLarge = tooLarge;
	}

	public boolean tooLarge() {
		return tooLarge;
	}
}
