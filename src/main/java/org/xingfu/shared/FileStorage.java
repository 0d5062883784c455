package org.xingfu.shared;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

	/**
	 * Files are written before their rows; if the current transaction then fails, the files whose keys are in
	 * {@code keys} by then are removed, so that no file outlives its record. Call before storing the first file.
	 */
	default void removeIfRolledBack(List<String> keys) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					for (String key : keys) {
						try {
							delete(key);
						}
						catch (IOException ex) {
							LoggerFactory.getLogger(FileStorage.class)
								.warn("could not remove file {} of a rolled back upload: {}", key, ex.getMessage());
						}
					}
				}
			}
		});
	}
}
