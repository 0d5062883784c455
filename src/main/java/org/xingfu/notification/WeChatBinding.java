package org.xingfu.notification;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Actor;
import org.xingfu.shared.InvalidFieldException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a person to their WeChat user of the city's official account, so template messages can reach them: the
 * person is sent to WeChat's web authorisation page (静默授权, scope {@code snsapi_base}: no consent screen, only
 * the openid), WeChat sends them back with a one-time code, and the code is exchanged for the openid. One WeChat
 * user is bound to one person; binding it again moves it.
 */
@Service
@Transactional
public class WeChatBinding {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;
	private final NotifySettings.WeChat settings;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Autowired
	WeChatBinding(JdbcClient jdbc, NotifySettings settings) {
		this(jdbc, settings.wechat());
	}

	WeChatBinding(JdbcClient jdbc, NotifySettings.WeChat settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/** Whether the platform is connected to an official account at all. */
	public boolean available() {
		return settings.configured();
	}

	/** Where to send the person: WeChat's authorisation page, which comes back to {@code callback} with the state. */
	public String authorizeUrl(String callback, String state) {
		return settings.oauthBase() + "/connect/oauth2/authorize?appid=" + enc(settings.appId()) + "&redirect_uri="
				+ enc(callback) + "&response_type=code&scope=snsapi_base&state=" + enc(state) + "#wechat_redirect";
	}

	/**
	 * Exchanges WeChat's code for the person's openid and keeps it; WeChat alerts are switched on, as binding is
	 * what a person does to get them.
	 *
	 * @throws InvalidFieldException when WeChat refuses the code (used, expired) or cannot be reached
	 */
	public void bind(Actor actor, String code) {
		if (actor.personId() == null) {
			throw new InvalidFieldException("wechat", "notification.error.noPerson");
		}
		String openId = openIdFor(code);
		jdbc.sql("update ntf_preference set wechat_openid = null, wechat = false, updated_at = now() "
				+ "where wechat_openid = ? and person_id <> ?").params(openId, actor.personId()).update();
		jdbc.sql("""
				insert into ntf_preference (person_id, wechat, wechat_openid, updated_at, city_id)
				select id, true, ?, now(), city_id from org_person where id = ?
				on conflict (person_id, city_id) do update set wechat = true, wechat_openid = excluded.wechat_openid,
				  updated_at = excluded.updated_at""").params(openId, actor.personId()).update();
	}

	/** Forgets the person's WeChat; its alerts stop. */
	public void unbind(Actor actor) {
		if (actor.personId() != null) {
			jdbc.sql("update ntf_preference set wechat_openid = null, wechat = false, updated_at = now() "
					+ "where person_id = ?").param(actor.personId()).update();
		}
	}

	private String openIdFor(String code) {
		if (!available()) {
			throw new InvalidFieldException("wechat", "notification.wechat.unavailable");
		}
		if (code == null || code.isBlank() || code.length() > 128) {
			throw new InvalidFieldException("wechat", "notification.wechat.refused");
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBase() + "/sns/oauth2/access_token?appid="
				+ enc(settings.appId()) + "&secret=" + enc(settings.appSecret()) + "&code=" + enc(code)
				+ "&grant_type=authorization_code")).timeout(Duration.ofSeconds(10)).GET().build();
		JsonNode answer;
		try {
			HttpResponse<String> response = Outside.send(http, request);
			if (response.statusCode() / 100 != 2) {
				throw new IOException("HTTP " + response.statusCode());
			}
			answer = JSON.readTree(response.body());
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidFieldException("wechat", "notification.wechat.unreachable");
		}
		String openId = answer.path("openid").asString("");
		if (openId.isBlank() || openId.length() > 64) {
			// 40029 (invalid code) and 40163 (code already used) are the usual ones: the person tries again
			throw new InvalidFieldException("wechat", "notification.wechat.refused");
		}
		return openId;
	}

	private static String enc(String s) {
		return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
	}
}
