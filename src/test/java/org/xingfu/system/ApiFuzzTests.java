package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzing every operation of the JSON API, driven by the OpenAPI document the application serves, so an endpoint
 * added later is covered without editing this test: bad ids in the path, wrong and hostile values in the query, and
 * for bodies malformed JSON, wrong types, missing and extra fields, huge strings, control characters and emoji, SQL
 * and HTML fragments, negative and overflowing numbers. Expected: never a 5xx, every 4xx a problem+json body, and
 * nothing stored by a refused request (the tables' row counts are compared before and after). A fixed seed; set
 * {@code -Dxingfu.fuzz.rounds=N} for a longer run.
 */
@XingfuTest
class ApiFuzzTests {

	static final String[] HOSTILE = { "", " ", "a".repeat(100_000), "b".repeat(3_000), "\u0000\u0007\u001b[31m", "😀👨‍👩‍👧", "' or 1=1 --",
			"'; drop table req_request; --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "../../etc/passwd",
			"%00", "null", "-1", "0", "13912345678", "99999999999999999999", "-9223372036854775809", "1e309", "NaN", "true", "[]", "{}" };

	static final String[] BAD_IDS = { "0", "-1", "99999999999999999999", "abc", "1%27%20or%201%3D1", "%3Cscript%3E", "1.5" };

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	record Failure(String method, String path, String body, int status, String answer) {
	}

	@Test
	void everyOperationRefusesBadInputCleanly() {
		ApiClient api = new ApiClient(port);
		String admin = api.token("admin");
		JsonNode doc = JsonMapper.builder().build().readTree(api.get("/api/v1/openapi", admin).body());
		int rounds = Integer.getInteger("xingfu.fuzz.rounds", 2);
		Random random = new Random(20261129);
		Map<String, Long> before = rowCounts();
		List<Failure> failures = new ArrayList<>();
		List<String> stored = new ArrayList<>();
		int operations = 0;
		int cases = 0;
		for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").properties().iterator(); paths.hasNext();) {
			Map.Entry<String, JsonNode> path = paths.next();
			for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator(); ops.hasNext();) {
				Map.Entry<String, JsonNode> op = ops.next();
				String method = op.getKey().toUpperCase();
				if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
					continue;
				}
				operations++;
				Map<String, Long> moduleBefore = rowCounts(tablesOf(path.getKey()));
				boolean accepted = false;
				for (String request : requests(path.getKey(), op.getValue(), doc, random, rounds)) {
					String[] parts = request.split("\n", 3);
					String url = parts[0];
					String contentType = parts[1].isEmpty() ? null : parts[1];
					String body = parts.length > 2 ? parts[2] : null;
					if (method.equals("GET") || method.equals("DELETE")) {
						body = null;
						contentType = null;
					}
					ApiClient.Response r = api.request(method, url, admin, contentType, body);
					cases++;
					boolean problem = r.contentType().contains("application/problem+json");
					if (r.status() >= 500 || r.status() >= 400 && !problem) {
						failures.add(new Failure(method, url, body == null ? null : abbreviate(body), r.status(),
								abbreviate(r.body())));
					}
					if (r.status() < 300 && !method.equals("GET")) {
						stored.add(method + " " + url + " " + (body == null ? "" : abbreviate(body)));
						accepted = true;
					}
					if (r.status() < 400 && r.body().contains("<script>alert(1)</script>")
							&& !r.contentType().contains("json")) {
						failures.add(new Failure(method, url, body, r.status(), "markup reflected unescaped"));
					}
				}
				// what an operation refused left its module's tables as they were
				if (!accepted && !rowCounts(tablesOf(path.getKey())).equals(moduleBefore)) {
					failures.add(new Failure(method, path.getKey(), null, 0, "rows changed by refused requests"));
				}
			}
		}
		System.out.printf("API fuzzing: %d operations, %d cases, %d failures, %d accepted%n", operations, cases,
				failures.size(), stored.size());
		assertThat(operations).isGreaterThan(100);
		assertThat(failures).as("5xx answers, or 4xx answers without problem+json").isEmpty();
		// hostile text can be valid text (a company may be called "<script>"): what was accepted is listed, not failed,
		// and the whole database is compared only when nothing was
		if (!stored.isEmpty()) {
			System.out.println("accepted: " + stored);
		}
		else {
			assertThat(rowCounts()).as("row counts after refused requests").isEqualTo(before);
		}
	}

	/** Each request as "url\ncontent type\nbody". */
	private List<String> requests(String template, JsonNode op, JsonNode doc, Random random, int rounds) {
		List<String> out = new ArrayList<>();
		Map<String, String> goodQuery = new LinkedHashMap<>();
		List<String> queryNames = new ArrayList<>();
		if (op.has("parameters")) {
			for (JsonNode p : op.get("parameters")) {
				if ("query".equals(p.get("in").asString())) {
					queryNames.add(p.get("name").asString());
					goodQuery.put(p.get("name").asString(), "1");
				}
			}
		}
		boolean json = op.has("requestBody") && op.get("requestBody").get("content").has("application/json");
		boolean multipart = op.has("requestBody") && op.get("requestBody").get("content").has("multipart/form-data");
		for (int round = 0; round < rounds; round++) {
			// a bad id in every path variable
			for (String id : BAD_IDS) {
				out.add(url(template.replaceAll("\\{[^}]+}", id), goodQuery) + "\napplication/json\n{}");
			}
			// an id nothing has: a body that happens to be valid reaches the 404 and changes nothing either
			String path = template.replaceAll("\\{[^}]+}", "2147483000");
			// hostile values in each query parameter
			for (String name : queryNames) {
				Map<String, String> q = new LinkedHashMap<>(goodQuery);
				// a query string over the server's 8 KB request line is refused by Tomcat itself, before the app
				String value = HOSTILE[random.nextInt(HOSTILE.length)];
				q.put(name, value.length() > 3_000 ? value.substring(0, 3_000) : value);
				out.add(url(path, q) + "\napplication/json\n{}");
			}
			if (json) {
				String url = url(path, goodQuery);
				out.add(url + "\napplication/json\n{\"a\":");
				out.add(url + "\napplication/json\n[1,2,3]");
				out.add(url + "\napplication/json\n\"x\"");
				out.add(url + "\ntext/plain\nhello");
				out.add(url + "\napplication/json\n{}");
				JsonNode schema = resolve(op.get("requestBody").get("content").get("application/json").get("schema"), doc);
				if (schema != null && schema.has("properties")) {
					List<String> names = new ArrayList<>();
					schema.get("properties").propertyNames().forEach(names::add);
					// every property hostile, then each one alone wrong, and an unknown extra field
					out.add(url + "\napplication/json\n" + body(names, name -> hostileJson(random)));
					for (String name : names) {
						out.add(url + "\napplication/json\n" + body(List.of(name), n -> hostileJson(random)));
						out.add(url + "\napplication/json\n" + body(names, n -> n.equals(name) ? "{\"x\":[1]}" : "1"));
					}
					out.add(url + "\napplication/json\n" + body(List.of("__proto__", "extra"), n -> "\"x\""));
				}
			}
			if (multipart) {
				out.add(url(path, goodQuery) + "\nmultipart/form-data; boundary=none\n--none\r\nbroken");
			}
		}
		return out;
	}

	private static String hostileJson(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> "-1";
			case 1 -> "99999999999999999999999";
			case 2 -> "-9223372036854775808";
			case 3 -> "[\"<script>alert(1)</script>\"]";
			case 4 -> "true";
			default -> JsonMapper.builder().build().writeValueAsString(HOSTILE[random.nextInt(HOSTILE.length)]);
		};
	}

	private static String body(List<String> names, java.util.function.Function<String, String> value) {
		StringBuilder b = new StringBuilder("{");
		for (String n : names) {
			if (b.length() > 1) {
				b.append(',');
			}
			b.append('"').append(n).append("\":").append(value.apply(n));
		}
		return b.append('}').toString();
	}

	private static JsonNode resolve(JsonNode schema, JsonNode doc) {
		if (schema != null && schema.has("$ref")) {
			String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
			return doc.get("components").get("schemas").get(name);
		}
		return schema;
	}

	private static String url(String path, Map<String, String> query) {
		if (query.isEmpty()) {
			return path;
		}
		StringBuilder b = new StringBuilder(path).append('?');
		query.forEach((k, v) -> b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
		return b.substring(0, b.length() - 1);
	}

	private static String abbreviate(String s) {
		return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
	}

	/** Row counts of the tables that hold what users submit (not logs, tokens, tallies, the event registry or the code key made on first use). */
	private Map<String, Long> rowCounts() {
		return rowCounts("%");
	}

	/** The tables of the module an API path belongs to, as a LIKE pattern on their prefix. */
	private static String tablesOf(String path) {
		String segment = path.replaceFirst("^/api/v1/", "").replaceFirst("/.*", "");
		return switch (segment) {
			case "requests", "categories" -> "req\\_%";
			case "wishes" -> "wsh\\_%";
			case "matching", "demands", "resources" -> "mtc\\_%";
			case "volunteers", "activities" -> "vol\\_%";
			case "ballots" -> "vot\\_%";
			case "topics", "meetings" -> "dlb\\_%";
			case "notices", "boards" -> "ntc\\_%";
			case "fund" -> "fund\\_%";
			case "property" -> "prop\\_%";
			case "renovation" -> "ren\\_%";
			case "grid" -> "grd\\_%";
			case "campaigns", "dispatches", "assistance-checks" -> "cmp\\_%";
			case "org" -> "org\\_%";
			case "ratings" -> "rtg\\_%";
			default -> "%";
		};
	}

	private Map<String, Long> rowCounts(String pattern) {
		return Endpoints.rowCounts(jdbc, pattern);
	}
}
