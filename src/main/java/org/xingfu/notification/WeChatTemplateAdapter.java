package org.xingfu.notification;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat template messages of the city's official account (模板消息): an access token from the app id and secret,
 * kept until shortly before it expires, then one POST per message to the person's openid, with a link to the
 * platform. An expired or revoked token is fetched again once.
 */
class WeChatTemplateAdapter implements ChannelAdapter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final NotifySettings.WeChat settings;
	private final HttpClient http;
	private final Clock clock;
	private String token;
	private Instant tokenExpires = Instant.EPOCH;

	WeChatTemplateAdapter(NotifySettings.WeChat settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	@Override
	public Channel channel() {
		return Channel.WECHAT;
	}

	@Override
	public String name() {
		return "wechat-template";
	}

	@Override
	public synchronized void send(OutgoingMessage message) throws IOException {
		JsonNode answer = post(message, token());
		int code = answer.path("errcode").asInt(0);
		if (code == 40001 || code == 42001 || code == 40014) {
			// the token expired or was replaced by another server: fetch a new one and try once more
			tokenExpires = Instant.EPOCH;
			answer = post(message, token());
			code = answer.path("errcode").asInt(0);
		}
		if (code != 0) {
			throw new IOException("WeChat answered errcode " + code);
		}
	}

	private JsonNode post(OutgoingMessage message, String accessToken) throws IOException {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("first", Map.of("value", message.text()));
		data.put("keyword1", Map.of("value", message.kind()));
		data.put("keyword2", Map.of("value", TIME.format(clock.instant())));
		data.put("remark", Map.of("value", "幸福社区"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("touser", message.address());
		body.put("template_id", settings.templateId());
		body.put("url", message.link());
		body.put("data", data);
		HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBase()
				+ "/cgi-bin/message/template/send?access_token=" + enc(accessToken)))
			.timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
		return read(Outside.send(http, request));
	}

	private String token() throws IOException {
		if (token != null && clock.instant().isBefore(tokenExpires)) {
			return token;
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBase()
				+ "/cgi-bin/token?grant_type=client_credential&appid=" + enc(settings.appId()) + "&secret="
				+ enc(settings.appSecret()))).timeout(Duration.ofSeconds(10)).GET().build();
		JsonNode answer = read(Outside.send(http, request));
		if (!answer.hasNonNull("access_token")) {
			throw new IOException("WeChat gave no access token: errcode " + answer.path("errcode").asInt(-1));
		}
		token = answer.get("access_token").asString();
		// refreshed a minute early: a message sent with a token that expires on the way fails
		tokenExpires = clock.instant().plusSeconds(Math.max(60, answer.path("expires_in").asInt(7200) - 60));
		return token;
	}

	private static JsonNode read(HttpResponse<String> response) throws IOException {
		if (response.statusCode() / 100 != 2) {
			throw new IOException("WeChat answered HTTP " + response.statusCode());
		}
		return JSON.readTree(response.body());
	}

	private static String enc(String s) {
		return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
	}
}
