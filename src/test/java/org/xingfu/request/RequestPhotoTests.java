package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

/** Photos through the API: the type is read from the bytes (415 otherwise), 10 MB at most (413), 6 a request. */
@XingfuTest
class RequestPhotoTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R' };

	@Test
	void picturesAreKeptOtherFilesRefused() throws Exception {
		ApiClient api = new ApiClient(port);
		String resident = api.token("jm.caizheng.101");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("category", "PROPERTY_REPAIR");
		body.put("title", "带照片");
		body.put("description", "门坏了");
		body.put("urgency", "GENERAL");
		long id = api.post("/api/v1/requests", resident, ApiClient.json(body)).json().get("id").asLong();

		assertThat(upload(resident, id, "door.png", PNG).status()).isEqualTo(201);
		// a script renamed to .jpg is still a script
		ApiClient.Response script = upload(resident, id, "evil.jpg", "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8));
		assertThat(script.status()).isEqualTo(415);
		assertThat(script.body()).contains("JPEG");
		byte[] big = new byte[10 * 1024 * 1024 + 1];
		System.arraycopy(PNG, 0, big, 0, PNG.length);
		assertThat(upload(resident, id, "big.png", big).status()).isEqualTo(413);
		for (int i = 0; i < 5; i++) {
			assertThat(upload(resident, id, "p" + i + ".png", PNG).status()).isEqualTo(201);
		}
		assertThat(upload(resident, id, "seventh.png", PNG).status()).isEqualTo(409);
		assertThat(jdbc.sql("select count(*) from req_photo where request_id = ?").param(id).query(Long.class).single())
			.isEqualTo(6);
		// another resident cannot add to it or see it
		assertThat(upload(api.token("jm.xinmin.101"), id, "x.png", PNG).status()).isEqualTo(404);
	}

	@Autowired
	RequestPhotos photos;

	@Autowired
	org.xingfu.identity.AccountManagement accounts;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate transaction;

	@org.springframework.beans.factory.annotation.Value("${xingfu.files.dir:${XINGFU_DATA_DIR:data}/files}")
	String filesDir;

	@Test
	void aPhotoWhoseTransactionFailsLeavesNoFileBehind() throws Exception {
		ApiClient api = new ApiClient(port);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("category", "PROPERTY_REPAIR");
		body.put("title", "照片随事务回滚");
		body.put("description", "门坏了");
		body.put("urgency", "GENERAL");
		long id = api.post("/api/v1/requests", api.token("jm.caizheng.101"), ApiClient.json(body)).json().get("id").asLong();
		var actor = accounts.actorOf("jm.caizheng.101").orElseThrow();
		long before = fileCount();
		transaction.executeWithoutResult(status -> {
			try {
				photos.add(actor, id, java.util.List.of(org.xingfu.shared.Upload.of(PNG), org.xingfu.shared.Upload.of(PNG)));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			assertThat(fileCount()).isEqualTo(before + 2); // written, not yet committed
			status.setRollbackOnly();
		});
		assertThat(fileCount()).isEqualTo(before);
		assertThat(jdbc.sql("select count(*) from req_photo where request_id = ?").param(id).query(Long.class).single())
			.isZero();
		// a committed upload keeps its file
		transaction.executeWithoutResult(status -> {
			try {
				photos.add(actor, id, java.util.List.of(org.xingfu.shared.Upload.of(PNG)));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(fileCount()).isEqualTo(before + 1);
	}

	private long fileCount() {
		java.nio.file.Path root = java.nio.file.Path.of(filesDir);
		if (!java.nio.file.Files.exists(root)) {
			return 0;
		}
		try (var files = java.nio.file.Files.walk(root)) {
			return files.filter(f -> f.toString().endsWith(".png")).count();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ApiClient.Response upload(String token, long id, String filename, byte[] bytes) {
		return new ApiClient(port).upload("/api/v1/requests/" + id + "/photos", token, filename, bytes);
	}
}
