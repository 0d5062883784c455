package org.xingfu.shared;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where uploaded files live: a local folder by default, S3-compatible object storage in production. Modules keep
 * only the returned key.
 */
public interface FileStorage {

	/** Stores what the stream holds (read to its end, never whole in memory) and returns a key that names it. */
	String store(InputStream content, String extension) throws IOException;

	InputStream open(String key) throws IOException;

	/** Removes a stored file; a key that names nothing is ignored. */
	void delete(String key) throws IOException;
}
