package org.xingfu.shared;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where uploaded files live: a local folder by default, S3-compatible object storage in production. Modules keep
 * only the returned key.
 */
public interface FileStorage {

	/** Stores the bytes and returns a key that names them. */
	String store(byte[] bytes, String extension) throws IOException;

	InputStream open(String key) throws IOException;
}
