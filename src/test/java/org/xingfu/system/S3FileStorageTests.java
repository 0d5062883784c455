package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 adapter against S3Proxy, an S3-compatible server, started as its own process on loopback with a folder
 * behind it (the Maven build copies it to target/s3proxy): the bucket made at start, a file stored, read back whole,
 * removed; a key that names nothing, a key that is not one, and a refused credential.
 */
class S3FileStorageTests {

	static final String IDENTITY = "xingfu";
	static final String CREDENTIAL = "xingfu-secret-key";

	@TempDir
	static Path dir;

	static Process s3proxy;
	static String endpoint;
	static S3FileStorage storage;

	@BeforeAll
	static void startS3Proxy() throws Exception {
		Path jar = Path.of("target/s3proxy/s3proxy.jar");
		assertThat(jar).as("copied by maven-dependency-plugin (process-test-resources)").exists();
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		endpoint = "http://127.0.0.1:" + port;
		Path blobs = Files.createDirectories(dir.resolve("blobs"));
		Path conf = dir.resolve("s3proxy.conf");
		Files.writeString(conf, String.join("\n", "s3proxy.endpoint=" + endpoint,
				"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + IDENTITY,
				"s3proxy.credential=" + CREDENTIAL, "jclouds.provider=filesystem",
				"jclouds.filesystem.basedir=" + blobs, ""));
		String java = ProcessHandle.current().info().command().orElse("java");
		s3proxy = new ProcessBuilder(java, "-Xmx128m", "-jar", jar.toString(), "--properties", conf.toString())
			.redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			try (Socket s = new Socket("127.0.0.1", port)) {
				break;
			}
			catch (IOException notYet) {
				assertThat(s3proxy.isAlive()).as("S3Proxy running: " + Files.readString(dir.resolve("s3proxy.log")))
					.isTrue();
				assertThat(Instant.now()).as("S3Proxy listening within 60 s").isBefore(deadline);
				Thread.sleep(200);
			}
		}
		storage = new S3FileStorage(new S3FileStorage.Settings(endpoint, null, "xingfu-files", IDENTITY,
				CREDENTIAL, true));
	}

	@AfterAll
	static void stop() {
		if (storage != null) {
			storage.close();
		}
		if (s3proxy != null) {
			s3proxy.destroy();
		}
	}

	@Test
	void aFileIsStoredReadBackWholeAndRemoved() throws IOException {
		byte[] photo = new byte[3 * 1024 * 1024 + 17];
		new Random(7).nextBytes(photo);
		String key = storage.store(new ByteArrayInputStream(photo), "jpg");
		assertThat(key).matches("\\d{4}/\\d{2}/[0-9a-f-]{36}\\.jpg");
		try (InputStream in = storage.open(key)) {
			assertThat(in.readAllBytes()).isEqualTo(photo);
		}
		// in the bucket made at start, under the same key
		assertThat(dir.resolve("blobs/xingfu-files").resolve(key)).exists().hasSize(photo.length);

		storage.delete(key);
		assertThatThrownBy(() -> storage.open(key)).isInstanceOf(NoSuchFileException.class);
		storage.delete(key); // removing what is gone is no error
	}

	@Test
	void aKeyThatNamesNothingOrIsNotAKeyIsRefused() {
		assertThatThrownBy(() -> storage.open("2026/11/00000000-0000-0000-0000-000000000000.jpg"))
			.isInstanceOf(NoSuchFileException.class);
		assertThatThrownBy(() -> storage.open("../../etc/passwd")).isInstanceOf(IOException.class)
			.hasMessageContaining("not a storage key");
		assertThatThrownBy(() -> storage.delete("2026/11/x.jpg")).isInstanceOf(IOException.class);
	}

	@Test
	void aRefusedCredentialIsAnIoFailureAndStoresNothing() throws IOException {
		long before;
		try (var files = Files.walk(dir.resolve("blobs"))) {
			before = files.filter(Files::isRegularFile).count();
		}
		assertThatThrownBy(() -> new S3FileStorage(new S3FileStorage.Settings(endpoint, null, "xingfu-files",
				IDENTITY, "wrong-secret", true)).store(new ByteArrayInputStream(new byte[] { 1, 2, 3 }), "png"))
			.isInstanceOf(RuntimeException.class);
		try (var files = Files.walk(dir.resolve("blobs"))) {
			assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(before);
		}
	}
}
