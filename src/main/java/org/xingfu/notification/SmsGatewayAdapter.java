package org.xingfu.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * SMS through an operator's HTTP gateway: one JSON POST per message with the mobile number, the registered
 * signature and template, and the text as the template's parameter; any 2xx is accepted. Vendors whose API signs
 * each request differently (Aliyun, Tencent Cloud) get their own adapter behind the same interface.
 */
class SmsGatewayAdapter implements ChannelAdapter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NotifySettings.Sms settings;
	private final HttpClient http;

	SmsGatewayAdapter(NotifySettings.Sms settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	}

	@Override
	public Channel channel() {
		return Channel.SMS;
	}

	@Override
	public String name() {
		return "sms-gateway";
	}

	@Override
	public void send(OutgoingMessage message) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("phone", message.address());
		body.put("sign", settings.sign());
		body.put("template", settings.template());
		body.put("params", Map.of("text", message.text(), "link", message.link()));
		body.put("reference", "xingfu-" + message.deliveryId());
		HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url())).timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + settings.key()).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
		HttpResponse<String> response = Outside.send(http, request);
		if (response.statusCode() / 100 != 2) {
			throw new IOException("SMS gateway answered " + response.statusCode());
		}
	}
}
