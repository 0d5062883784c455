package org.xingfu.shared;

/** An uploaded file of a type we do not take (415) or larger than allowed (413). */
public class UploadRejectedException extends RuntimeException {
	private final boolean tooLarge;

	private final String typeMessageKey;

	public UploadRejectedException(boolean tooLarge) {
		this(tooLarge, "api.error.photoType");
	}

	/** @param typeMessageKey what the 415 says about the types that are taken */
	public UploadRejectedException(boolean tooLarge, String typeMessageKey) {
		super(tooLarge ? "upload too large" : "unsupported upload type");
		this.tooLarge = tooLarge;
		this.typeMessageKey = typeMessageKey;
	}

	public boolean tooLarge() {
		return tooLarge;
	}

	public String typeMessageKey() {
		return typeMessageKey;
	}
}
