package org.xingfu.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.xingfu.shared.FileStorage;

/** Files under {@code <data dir>/files/yyyy/mm/uuid.ext}, written to a temporary name and moved into place. */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "xingfu.files.store", havingValue = "local",
		matchIfMissing = true)
class LocalFileStorage implements FileStorage {

	private static final Pattern KEY = Pattern.compile("\\d{4}/\\d{2}/[0-9a-f-]{36}\\.[a-z]{3,4}");

	private final Path root;

	LocalFileStorage(@Value("${xingfu.files.dir:${XINGFU_DATA_DIR:data}/files}") String dir) {
		this.root = Path.of(dir).toAbsolutePath();
	}

	@Override
	public String store(InputStream content, String extension) throws IOException {
		LocalDate today = LocalDate.now();
		String key = "%04d/%02d/%s.%s".formatted(today.getYear(), today.getMonthValue(), UUID.randomUUID(), extension);
		Path target = root.resolve(key);
		Files.createDirectories(target.getParent());
		Path temp = Files.createTempFile(target.getParent(), "upload", ".tmp");
		try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
			content.transferTo(Channels.newOutputStream(channel));
			channel.force(true); // acknowledged means on disk
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temp);
			throw ex;
		}
		Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		return key;
	}

	@Override
	public InputStream open(String key) throws IOException {
		if (!KEY.matcher(key).matches()) {
			throw new IOException("not a storage key");
		}
		return Files.newInputStream(root.resolve(key));
	}

	@Override
	public void delete(String key) throws IOException {
		if (!KEY.matcher(key).matches()) {
			throw new IOException("not a storage key");
		}
		Files.deleteIfExists(root.resolve(key));
	}
}
