package org.xingfu;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the JSON API of a running test server. */
public final class ApiClient {

	public record Response(int status, String contentType, String body) {
		public JsonNode json() {
			return MAPPER.readTree(body);
		}
	}

	public static final String PASSWORD = "Xingfu@2026";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final String base;

	public ApiClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public String token(String username) {
		return token(username, PASSWORD);
	}

	public String token(String username, String password) {
		Response r = post("/api/v1/auth/token", null,
				MAPPER.writeValueAsString(java.util.Map.of("username", username, "password", password)));
		if (r.status() != 200) {
			throw new IllegalStateException("login of " + username + " failed: " + r);
		}
		return r.json().get("token").asString();
	}

	public Response get(String path, String token) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		return send(b);
	}

	public Response post(String path, String token, String json) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		return send(b);
	}

	/**
	 * Files a general property-repair request at the resident's home as {@code resident}, for tests that need a case
	 * and not the filing itself; fails unless it is stored (201). Returns its id.
	 */
	public long fileRequest(String resident, String title, String description) {
		Response filed = post("/api/v1/requests", token(resident), json(java.util.Map.of("category", "PROPERTY_REPAIR",
				"title", title, "description", description, "urgency", "GENERAL")));
		if (filed.status() != 201) {
			throw new AssertionError("filing \"" + title + "\" answered " + filed.status() + ": " + filed.body());
		}
		return filed.json().get("id").asLong();
	}

	/** POST one file as the multipart field {@code photos}, declared as an image whatever it holds. */
	public Response upload(String path, String token, String filename, byte[] bytes) {
		String boundary = "xingfu" + System.nanoTime();
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"" + filename
				+ "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		out.writeBytes(bytes);
		out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
	}

	/** POST a multipart form: text fields, and files under {@code fileField} (name → bytes). */
	public Response multipart(String path, String token, java.util.Map<String, String> fields, String fileField,
			java.util.Map<String, byte[]> files) {
		String boundary = "xingfu" + System.nanoTime();
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
		fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
				+ name + "\"\r\n\r\n" + value + "\r\n").getBytes(utf8)));
		files.forEach((name, bytes) -> {
			out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
					+ "\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
			out.writeBytes(bytes);
			out.writeBytes("\r\n".getBytes(utf8));
		});
		out.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
	}

	/** Any method with any body and content type, for the fuzzing of the API. */
	public Response request(String method, String path, String token, String contentType, String body) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			b.header("Content-Type", contentType);
		}
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		return send(b);
	}

	public static String json(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
