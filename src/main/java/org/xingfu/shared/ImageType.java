package org.xingfu.shared;

import java.util.Optional;

/** The type of an uploaded picture, read from its first bytes (a name or a declared type proves nothing). */
public final class ImageType {

	/** How many leading bytes {@link #of(byte[])} needs. */
	public static final int HEAD = 12;

	private ImageType() {
	}

	/** "image/jpeg", "image/png" or "image/webp", or empty for anything else. */
	public static Optional<String> of(byte[] head) {
		if (head.length > 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
			return Optional.of("image/jpeg");
		}
		if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
			return Optional.of("image/png");
		}
		if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
				&& head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
			return Optional.of("image/webp");
		}
		return Optional.empty();
	}

	/** The file extension for a type from {@link #of(byte[])}. */
	public static String extension(String type) {
		return type.substring(type.indexOf('/') + 1).replace("jpeg", "jpg");
	}
}
