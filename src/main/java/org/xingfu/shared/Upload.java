package org.xingfu.shared;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.web.multipart.MultipartFile;

/**
 * An uploaded picture: its size and a way to read it (Tomcat's spool file, never the whole file in memory), with
 * the checks and the storing every module does the same way.
 */
public record Upload(long size, InputStreamSource content) {

	public static final long MAX_BYTES = 10L * 1024 * 1024;

	public static Upload of(MultipartFile file) {
		return new Upload(file.getSize(), file);
	}

	public static Upload of(byte[] bytes) {
		return new Upload(bytes.length, new ByteArrayResource(bytes));
	}

	/** The non-empty files of a multipart field (a form may send an empty part when nothing was chosen). */
	public static List<Upload> of(List<MultipartFile> files) {
		return files == null ? List.of() : files.stream().filter(f -> !f.isEmpty()).map(Upload::of).toList();
	}

	/** The picture's type from its size and first bytes: 413 over 10 MB, 415 if not JPEG, PNG or WebP. */
	public String checkedType() throws IOException {
		if (size > MAX_BYTES) {
			throw new UploadRejectedException(true);
		}
		try (InputStream in = content.getInputStream()) {
			return ImageType.of(in.readNBytes(ImageType.HEAD)).orElseThrow(() -> new UploadRejectedException(false));
		}
	}

	/** A stored picture as an HTTP answer, cached by the viewer's browser only (it may be personal). */
	public static org.springframework.http.ResponseEntity<org.springframework.core.io.InputStreamResource> serve(
			FileStorage storage, String key, String contentType) throws IOException {
		return org.springframework.http.ResponseEntity.ok()
			.contentType(org.springframework.http.MediaType.parseMediaType(contentType))
			.cacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofDays(7)).cachePrivate())
			.body(new org.springframework.core.io.InputStreamResource(storage.open(key)));
	}

	/** Where a stored picture went, for the caller's own row. */
	public record Stored(String key, String type, long size) {
	}

	/**
	 * Checks every picture first, then stores them all without the place they were taken ({@link PhotoMetadata}); if
	 * the surrounding transaction fails afterwards, the stored files are removed again. {@code existing + uploads} must not exceed {@code max} (409 otherwise).
	 */
	public static List<Stored> storeAll(FileStorage storage, List<Upload> uploads, long existing, int max,
			String tooManyKey) throws IOException {
		List<String> types = new ArrayList<>();
		for (Upload upload : uploads) {
			types.add(upload.checkedType());
		}
		if (existing + uploads.size() > max) {
			throw new ConflictException(tooManyKey, max);
		}
		List<String> keys = new ArrayList<>();
		storage.removeIfRolledBack(keys);
		List<Stored> stored = new ArrayList<>();
		for (int i = 0; i < uploads.size(); i++) {
			byte[] bytes;
			try (InputStream in = uploads.get(i).content().getInputStream()) {
				// at most 10 MB (checked above), one picture at a time
				bytes = PhotoMetadata.withoutLocation(types.get(i), in.readAllBytes());
			}
			keys.add(storage.store(new java.io.ByteArrayInputStream(bytes), ImageType.extension(types.get(i))));
			stored.add(new Stored(keys.getLast(), types.get(i), bytes.length));
		}
		return stored;
	}
}
