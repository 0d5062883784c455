package org.xingfu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SMS and WeChat adapters against a stand-in for the operator's HTTP API on loopback: what they send, and how
 * they take the answers (a refused message is a failure to retry, an expired WeChat token is fetched again once).
 * And the quiet hours.
 */
class ChannelAdapterTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	HttpServer server;

	final List<String> calls = new CopyOnWriteArrayList<>();

	final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

	/** What the stand-in answers: status and body per path prefix, set by each test. */
	volatile int smsStatus = 200;

	final AtomicInteger tokens = new AtomicInteger();

	final List<Integer> sendErrcodes = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/sms", ex -> {
			record(ex);
			answer(ex, smsStatus, "{\"ok\":" + (smsStatus == 200) + "}");
		});
		server.createContext("/cgi-bin/token", ex -> {
			record(ex);
			answer(ex, 200, "{\"access_token\":\"token-" + tokens.incrementAndGet() + "\",\"expires_in\":7200}");
		});
		server.createContext("/cgi-bin/message/template/send", ex -> {
			record(ex);
			int code = sendErrcodes.isEmpty() ? 0 : sendErrcodes.removeFirst();
			answer(ex, 200, "{\"errcode\":" + code + ",\"errmsg\":\"x\"}");
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private void record(HttpExchange ex) throws IOException {
		calls.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
				+ String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
		byte[] body = ex.getRequestBody().readAllBytes();
		if (body.length > 0) {
			bodies.add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
		}
	}

	private static void answer(HttpExchange ex, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		ex.getResponseHeaders().add("Content-Type", "application/json");
		ex.sendResponseHeaders(status, bytes.length);
		ex.getResponseBody().write(bytes);
		ex.close();
	}

	private String base() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	private static ChannelAdapter.OutgoingMessage message(String address) {
		return new ChannelAdapter.OutgoingMessage(7, 42, address, "NOTICE_POSTED", "您所在的财政小区发布了公示「停水通知」。",
				"https://xingfu.example.gov.cn/notifications/99");
	}

	@Test
	void anSmsGoesToTheGatewayWithTheSignatureTemplateAndKey() throws IOException {
		SmsGatewayAdapter sms = new SmsGatewayAdapter(new NotifySettings.Sms(base() + "/sms", "secret-key", "幸福社区",
				"SMS_123"));
		sms.send(message("13912345678"));
		assertThat(calls).containsExactly("POST /sms Bearer secret-key");
		JsonNode body = bodies.getFirst();
		assertThat(body.get("phone").asString()).isEqualTo("13912345678");
		assertThat(body.get("sign").asString()).isEqualTo("幸福社区");
		assertThat(body.get("template").asString()).isEqualTo("SMS_123");
		assertThat(body.get("params").get("text").asString()).contains("停水通知");
		assertThat(body.get("params").get("link").asString()).endsWith("/notifications/99");
		assertThat(body.get("reference").asString()).isEqualTo("xingfu-7");

		smsStatus = 503;
		assertThatThrownBy(() -> sms.send(message("13912345678"))).isInstanceOf(IOException.class).hasMessageContaining("503");
	}

	@Test
	void aWeChatMessageUsesOneTokenUntilItExpiresAndFetchesAnotherWhenRefused() throws IOException {
		WeChatTemplateAdapter wechat = new WeChatTemplateAdapter(new NotifySettings.WeChat("wx-app", "wx-secret",
				"TEMPLATE-1", base(), null), Clock.systemUTC());
		wechat.send(message("openid-1"));
		wechat.send(message("openid-1"));
		assertThat(tokens.get()).as("one token for both").isEqualTo(1);
		assertThat(calls.getFirst()).startsWith("GET /cgi-bin/token?grant_type=client_credential&appid=wx-app&secret=wx-secret");
		assertThat(calls.get(1)).startsWith("POST /cgi-bin/message/template/send?access_token=token-1");
		JsonNode body = bodies.getFirst();
		assertThat(body.get("touser").asString()).isEqualTo("openid-1");
		assertThat(body.get("template_id").asString()).isEqualTo("TEMPLATE-1");
		assertThat(body.get("url").asString()).endsWith("/notifications/99");
		assertThat(body.get("data").get("first").get("value").asString()).contains("停水通知");

		// the token was replaced elsewhere: fetched again, the message sent once more
		sendErrcodes.add(40001);
		wechat.send(message("openid-1"));
		assertThat(tokens.get()).isEqualTo(2);
		assertThat(calls.getLast()).contains("access_token=token-2");

		// any other refusal is a failure, tried again later by the job
		sendErrcodes.add(43004);
		assertThatThrownBy(() -> wechat.send(message("openid-1"))).isInstanceOf(IOException.class)
			.hasMessageContaining("43004");
	}

	@Test
	void quietHoursHoldAMessageUntilTheyEnd() {
		ZoneId china = ZoneId.of("Asia/Shanghai");
		Preference night = new Preference(1, true, false, null, LocalTime.of(22, 0), LocalTime.of(7, 0));
		Instant late = ZonedDateTime.of(2026, 11, 29, 23, 30, 0, 0, china).toInstant();
		assertThat(night.due(late)).isEqualTo(ZonedDateTime.of(2026, 11, 30, 7, 0, 0, 0, china).toInstant());
		Instant early = ZonedDateTime.of(2026, 11, 30, 6, 59, 0, 0, china).toInstant();
		assertThat(night.due(early)).isEqualTo(ZonedDateTime.of(2026, 11, 30, 7, 0, 0, 0, china).toInstant());
		Instant noon = ZonedDateTime.of(2026, 11, 30, 12, 0, 0, 0, china).toInstant();
		assertThat(night.due(noon)).isEqualTo(noon);
		Instant seven = ZonedDateTime.of(2026, 11, 30, 7, 0, 0, 0, china).toInstant();
		assertThat(night.due(seven)).as("the end itself is not quiet").isEqualTo(seven);

		Preference nap = new Preference(1, true, false, null, LocalTime.of(12, 0), LocalTime.of(14, 0));
		assertThat(nap.due(noon)).isEqualTo(ZonedDateTime.of(2026, 11, 30, 14, 0, 0, 0, china).toInstant());
		assertThat(nap.due(late)).isEqualTo(late);
		assertThat(Preference.none(1).due(late)).isEqualTo(late);
	}
}
