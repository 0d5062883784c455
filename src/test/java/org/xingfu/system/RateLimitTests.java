package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xingfu.ApiClient;
import org.xingfu.XingfuTest;

/**
 * The rate limits with the production figures (10 sign-ins, 120 anonymous public calls a minute per address). The
 * suite's own address, 127.0.0.1, is exempt in the test configuration; these calls come as other addresses through
 * X-Forwarded-For, which the server takes from a proxy on loopback as a real deployment behind nginx does.
 */
@XingfuTest
class RateLimitTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theEleventhSignInAMinuteFromOneAddressIsRefusedWithRetryAfter() throws Exception {
		String wrong = ApiClient.json(Map.of("username", "nobody.ratelimit", "password", "guess"));
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			statuses.add(send(post("/api/v1/auth/token", "203.0.113.10", "application/json", wrong)).statusCode());
		}
		assertThat(statuses).containsOnly(401);
		HttpResponse<String> refused = send(post("/api/v1/auth/token", "203.0.113.10", "application/json",
				ApiClient.json(Map.of("username", "jm.caizheng.101", "password", ApiClient.PASSWORD))));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(refused.body()).contains("请求过于频繁").doesNotContain("token");

		// the account itself is not punished: from another address the same person signs in
		assertThat(send(post("/api/v1/auth/token", "203.0.113.20", "application/json",
				ApiClient.json(Map.of("username", "jm.caizheng.101", "password", ApiClient.PASSWORD)))).statusCode())
			.isEqualTo(200);
	}

	@Test
	void theSignInPageIsLimitedToo() throws Exception {
		for (int i = 0; i < 10; i++) {
			assertThat(send(post("/login", "203.0.113.11", "application/x-www-form-urlencoded",
					"username=nobody&password=guess")).statusCode()).isNotEqualTo(429);
		}
		HttpResponse<String> refused = send(post("/login", "203.0.113.11", "application/x-www-form-urlencoded",
				"username=nobody&password=guess"));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("尝试过于频繁", "秒后再试").contains("<a href=\"\">");
	}

	@Test
	void anonymousPublicCallsAreLimitedPerAddressAndSignedInOnesAreNot() throws Exception {
		// the bucket refills smoothly (2 a second at 120 a minute), so the first refusal comes after at least 120
		int admitted = 0;
		HttpResponse<String> refused = null;
		while (refused == null && admitted < 300) {
			HttpResponse<String> r = send(get("/open311/v2/services.json", "203.0.113.12", null));
			if (r.statusCode() == 429) {
				refused = r;
			}
			else {
				assertThat(r.statusCode()).isEqualTo(200);
				admitted++;
			}
		}
		assertThat(admitted).isBetween(120, 200);
		assertThat(refused).isNotNull();
		assertThat(refused.body()).contains("\"status\":429");
		// another address is counted on its own
		assertThat(send(get("/open311/v2/services.json", "203.0.113.13", null)).statusCode()).isEqualTo(200);

		// a signed-in caller is not counted on the public doors
		String token = new ApiClient(port).token("sq.nongchang");
		for (int i = 0; i < 130; i++) {
			assertThat(send(get("/open311/v2/services.json", "203.0.113.14", token)).statusCode()).isEqualTo(200);
		}
	}

	private HttpRequest post(String path, String address, String contentType, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("X-Forwarded-For", address).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body)).build();
	}

	private HttpRequest get(String path, String address, String token) {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("X-Forwarded-For", address);
		if (token != null) {
			b.header("Authorization", "Bearer " + token);
		}
		return b.GET().build();
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}
}
