package org.xingfu.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;
import org.xingfu.identity.AccountManagement;
import org.xingfu.shared.Actor;
import org.xingfu.shared.InvalidFieldException;

import com.sun.net.httpserver.HttpServer;

/**
 * Binding a person's WeChat: the authorisation address, the code exchanged for the openid at a stand-in for
 * WeChat's API on loopback, an openid moving to whoever binds it last, a refused code changing nothing, WeChat
 * alerts queued once bound. The demo city has no official account, so its pages say so and refuse a callback
 * nobody started.
 */
@XingfuTest
class WeChatBindingTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountManagement accounts;

	@Autowired
	Inbox inbox;

	@Autowired
	Deliveries deliveries;

	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactions;

	HttpServer wechat;

	final List<String> calls = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		wechat = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		wechat.createContext("/sns/oauth2/access_token", ex -> {
			String query = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
			calls.add(query);
			String code = query.replaceAll(".*[?&]?code=([^&]*).*", "$1");
			String body = code.startsWith("good-")
					? "{\"access_token\":\"at\",\"expires_in\":7200,\"openid\":\"o-" + code.substring(5)
							+ "\",\"scope\":\"snsapi_base\"}"
					: "{\"errcode\":40163,\"errmsg\":\"code been used\"}";
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			ex.sendResponseHeaders(200, bytes.length);
			ex.getResponseBody().write(bytes);
			ex.close();
		});
		wechat.start();
	}

	@AfterEach
	void stop() {
		wechat.stop(0);
	}

	WeChatBinding binding() {
		String base = "http://127.0.0.1:" + wechat.getAddress().getPort();
		return new WeChatBinding(jdbc, new NotifySettings.WeChat("wx-app", "wx-secret", "TEMPLATE", base, base));
	}

	@Test
	void aCodeFromWeChatBindsTheOpenIdWhichMovesToWhoeverBindsItLast() {
		WeChatBinding binding = binding();
		String url = binding.authorizeUrl("https://xingfu.example.gov.cn/notifications/wechat/callback", "s-1");
		assertThat(url).contains("/connect/oauth2/authorize?appid=wx-app&redirect_uri=https%3A%2F%2Fxingfu.example.gov.cn"
				+ "%2Fnotifications%2Fwechat%2Fcallback&response_type=code&scope=snsapi_base&state=s-1")
			.endsWith("#wechat_redirect");

		Actor worker = accounts.actorOf("wg.nongchang.1").orElseThrow();
		Actor staff = accounts.actorOf("sq.nongchang").orElseThrow();
		try {
			binding.bind(worker, "good-7");
			assertThat(calls.getLast()).contains("appid=wx-app").contains("secret=wx-secret").contains("code=good-7")
				.contains("grant_type=authorization_code");
			assertThat(openId(worker)).isEqualTo("o-7");
			assertThat(wechatOn(worker)).as("binding switches WeChat alerts on").isTrue();

			// a used code changes nothing
			assertThatThrownBy(() -> binding.bind(worker, "used-7")).isInstanceOf(InvalidFieldException.class)
				.hasMessageContaining("notification.wechat.refused");
			assertThat(openId(worker)).isEqualTo("o-7");

			// a notification now goes to WeChat too (held an hour here, so the delivery job leaves it alone)
			new org.springframework.transaction.support.TransactionTemplate(transactions).executeWithoutResult(t -> {
				inbox.notify(List.of(worker.personId()), "NOTICE_POSTED", "/notices/1", "微信测试");
				jdbc.sql("""
						update ntf_delivery set due_at = now() + interval '1 hour' where notification_id in
						 (select id from ntf_notification where person_id = ? and args = '微信测试')""")
					.param(worker.personId()).update();
			});
			assertThat(jdbc.sql("""
					select count(*) from ntf_delivery d join ntf_notification n on n.id = d.notification_id
					 where n.person_id = ? and n.args = '微信测试' and d.channel = 'WECHAT'""").param(worker.personId())
				.query(Long.class).single()).isEqualTo(1);

			// the same WeChat user binds another account: it leaves the first
			binding.bind(staff, "good-7");
			assertThat(openId(staff)).isEqualTo("o-7");
			assertThat(openId(worker)).isNull();
			assertThat(wechatOn(worker)).isFalse();
			// what was queued for the worker's WeChat cannot reach them now: given up at once, not retried
			deliveries.sendDue(java.time.Instant.now().plusSeconds(2 * 3600));
			assertThat(jdbc.sql("""
					select d.attempts from ntf_delivery d join ntf_notification n on n.id = d.notification_id
					 where n.person_id = ? and n.args = '微信测试' and d.channel = 'WECHAT'""").param(worker.personId())
				.query(Integer.class).single()).isEqualTo(5);

			// the settings page shows it bound, and unbinding forgets it
			PageSession page = new PageSession(port);
			page.login("sq.nongchang", ApiClient.PASSWORD);
			String settings = page.page("/notifications/settings").body();
			assertThat(settings).contains("已绑定本市公众号").contains("wechat-unbind");
			assertThat(page.post("/notifications/wechat/unbind", "")).isEqualTo(302);
			assertThat(openId(staff)).isNull();
			assertThat(page.page("/notifications/settings").body()).contains("已解除微信绑定");
		}
		finally {
			binding.unbind(worker);
			binding.unbind(staff);
		}
	}

	@Test
	void withoutAnOfficialAccountThePagesSaySoAndACallbackNobodyStartedIsRefused() {
		PageSession page = new PageSession(port);
		page.login("wg.nongchang.1", ApiClient.PASSWORD);
		String settings = page.page("/notifications/settings").body();
		assertThat(settings).contains("本平台暂未接入微信公众号").doesNotContain("wechat-bind");

		HttpResponse<String> bind = page.page("/notifications/wechat/bind");
		assertThat(bind.statusCode()).isEqualTo(302);
		assertThat(bind.headers().firstValue("Location").orElseThrow()).endsWith("/notifications/settings");
		assertThat(page.page("/notifications/settings").body()).contains("本平台暂未接入微信公众号");

		long before = jdbc.sql("select count(*) from ntf_preference where wechat_openid is not null").query(Long.class)
			.single();
		HttpResponse<String> forged = page.page("/notifications/wechat/callback?code=good-9&state=guessed");
		assertThat(forged.statusCode()).isEqualTo(302);
		assertThat(page.page("/notifications/settings").body()).contains("绑定链接已失效");
		assertThat(jdbc.sql("select count(*) from ntf_preference where wechat_openid is not null").query(Long.class)
			.single()).isEqualTo(before);
		assertThat(calls).as("WeChat was never asked").isEmpty();
	}

	private String openId(Actor actor) {
		return jdbc.sql("select wechat_openid from ntf_preference where person_id = ?").param(actor.personId())
			.query(String.class).optional().orElse(null);
	}

	private boolean wechatOn(Actor actor) {
		return jdbc.sql("select wechat from ntf_preference where person_id = ?").param(actor.personId())
			.query(Boolean.class).optional().orElse(false);
	}
}
