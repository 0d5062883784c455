package org.xingfu.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.xingfu.shared.FileStorage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files in an S3-compatible object store (AWS S3, Aliyun OSS, Tencent COS, MinIO, Ceph): every application node
 * reads what any node stored. Chosen with {@code xingfu.files.store=s3}; the keys are the local folder's
 * ({@code yyyy/mm/uuid.ext}), so files can be copied from one to the other as they are. An upload is spooled to a
 * temporary file first: the object store needs its length, and a photo is never held whole in memory.
 */
@Component
@ConditionalOnProperty(name = "xingfu.files.store", havingValue = "s3")
@EnableConfigurationProperties(S3FileStorage.Settings.class)
class S3FileStorage implements FileStorage, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(S3FileStorage.class);

	private static final Pattern KEY = Pattern.compile("\\d{4}/\\d{2}/[0-9a-f-]{36}\\.[a-z]{3,4}");

	/**
	 * @param endpoint  the store's address, for example {@code https://oss-cn-beijing.aliyuncs.com}; empty for AWS
	 * @param region    the region the bucket is in ({@code us-east-1} when the store has none)
	 * @param bucket    the bucket, made at start when it does not exist and the credentials may make it
	 * @param accessKey the access key id
	 * @param secretKey the secret key
	 * @param pathStyle {@code https://host/bucket/key} rather than {@code https://bucket.host/key}: MinIO and most
	 *                  stores in a private network need it
	 */
	@ConfigurationProperties("xingfu.files.s3")
	record Settings(String endpoint, String region, String bucket, String accessKey, String secretKey,
			boolean pathStyle) {
	}

	private final S3Client s3;
	private final String bucket;

	S3FileStorage(Settings settings) {
		if (settings.bucket() == null || settings.bucket().isBlank() || settings.accessKey() == null
				|| settings.secretKey() == null) {
			throw new IllegalStateException(
					"xingfu.files.store=s3 needs xingfu.files.s3.bucket, .access-key and .secret-key");
		}
		var builder = S3Client.builder()
			.httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
				.socketTimeout(Duration.ofSeconds(60)).build())
			.region(Region.of(settings.region() == null || settings.region().isBlank() ? "us-east-1" : settings.region()))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
			.forcePathStyle(settings.pathStyle())
			// the newer trailing checksums are AWS's own: many S3-compatible stores refuse them
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
			builder.endpointOverride(URI.create(settings.endpoint()));
		}
		this.s3 = builder.build();
		this.bucket = settings.bucket();
		ensureBucket();
	}

	private void ensureBucket() {
		try {
			s3.headBucket(b -> b.bucket(bucket));
		}
		catch (NoSuchBucketException ex) {
			s3.createBucket(b -> b.bucket(bucket));
			log.info("Made the bucket {} for uploaded files", bucket);
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
			s3.createBucket(b -> b.bucket(bucket));
			log.info("Made the bucket {} for uploaded files", bucket);
		}
	}

	@Override
	public String store(InputStream content, String extension) throws IOException {
		LocalDate today = LocalDate.now();
		String key = "%04d/%02d/%s.%s".formatted(today.getYear(), today.getMonthValue(), UUID.randomUUID(), extension);
		Path spool = Files.createTempFile("xingfu-upload", ".tmp");
		try {
			try (var out = Files.newOutputStream(spool)) {
				content.transferTo(out);
			}
			s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType(extension)), RequestBody.fromFile(spool));
			return key;
		}
		catch (SdkException ex) {
			throw new IOException("the object store did not take the file: " + ex.getMessage(), ex);
		}
		finally {
			Files.deleteIfExists(spool);
		}
	}

	@Override
	public InputStream open(String key) throws IOException {
		check(key);
		try {
			return s3.getObject(b -> b.bucket(bucket).key(key));
		}
		catch (NoSuchKeyException ex) {
			throw new NoSuchFileException(key);
		}
		catch (SdkException ex) {
			throw new IOException("the object store did not give the file: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void delete(String key) throws IOException {
		check(key);
		try {
			s3.deleteObject(b -> b.bucket(bucket).key(key));
		}
		catch (SdkException ex) {
			throw new IOException("the object store did not remove the file: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		s3.close();
	}

	private static void check(String key) throws IOException {
		if (!KEY.matcher(key).matches()) {
			throw new IOException("not a storage key");
		}
	}

	private static String contentType(String extension) {
		return switch (extension) {
			case "jpg", "jpeg" -> "image/jpeg";
			case "png" -> "image/png";
			case "webp" -> "image/webp";
			case "pdf" -> "application/pdf";
			default -> "application/octet-stream";
		};
	}
}
