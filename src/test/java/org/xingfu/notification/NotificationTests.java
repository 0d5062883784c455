package org.xingfu.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/** The people a case becomes the business of hear about it in their inbox, and nobody else does. */
@XingfuTest
class NotificationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	private ApiClient api() {
		return new ApiClient(port);
	}

	private long submitAsResident(ApiClient api, String title) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("category", "PROPERTY_REPAIR");
		body.put("title", title);
		body.put("description", "楼道灯不亮，晚上看不见台阶。");
		body.put("urgency", "GENERAL");
		ApiClient.Response r = api.post("/api/v1/requests", api.token("jm.caizheng.101"), ApiClient.json(body));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return r.json().get("id").asLong();
	}

	/**
	 * Waits (at most 10 s) for the notification of that kind about that case: notifications are written by
	 * listeners that run after the case's transaction commits, on another thread.
	 */
	private static JsonNode await(ApiClient api, String token, String kind, long requestId) {
		return Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
			.until(() -> find(api, token, kind, requestId), java.util.Objects::nonNull);
	}

	/** The notification of that kind about that case in the inbox of the token's owner, or null. */
	private static JsonNode find(ApiClient api, String token, String kind, long requestId) {
		JsonNode inbox = api.get("/api/v1/notifications?size=100", token).json();
		for (JsonNode n : inbox.get("items")) {
			if (n.get("kind").asString().equals(kind) && n.get("args").get(0).asString().equals(String.valueOf(requestId))) {
				return n;
			}
		}
		return null;
	}

	@Test
	void aManualEscalationReachesTheCommunityStaffOfThatCommunityOnly() {
		ApiClient api = api();
		long id = submitAsResident(api, "路灯坏了三天");
		String head = api.token("ld.caizheng.1");
		assertThat(api.post("/api/v1/requests/" + id + "/accept", head, "{}").status()).isEqualTo(200);
		String community = api.token("sq.nongchang");
		long unreadBefore = api.get("/api/v1/notifications", community).json().get("unread").asLong();

		assertThat(api.post("/api/v1/requests/" + id + "/escalate", head, ApiClient.json(Map.of("reason", "需要社区协调")))
			.status()).isEqualTo(200);

		JsonNode n = await(api, community, "REQUEST_ESCALATED", id);
		assertThat(n).as("community staff of 农场社区 are told").isNotNull();
		assertThat(n.get("args").get(1).asString()).isEqualTo("路灯坏了三天");
		assertThat(n.get("link").asString()).isEqualTo("/admin/requests/" + id);
		assertThat(n.get("readAt").isNull()).isTrue();
		assertThat(api.get("/api/v1/notifications", community).json().get("unread").asLong()).isEqualTo(unreadBefore + 1);
		// another community's staff, and the building head who escalated, hear nothing of it
		assertThat(find(api, api.token("sq.chaoyang"), "REQUEST_ESCALATED", id)).isNull();
		assertThat(find(api, head, "REQUEST_ESCALATED", id)).isNull();
		// nobody else can open (or even learn of) someone's notification
		assertThat(api.post("/api/v1/notifications/" + n.get("id").asLong() + "/read", api.token("sq.chaoyang"), "{}")
			.status()).isEqualTo(404);

		ApiClient.Response read = api.post("/api/v1/notifications/" + n.get("id").asLong() + "/read", community, "{}");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("link").asString()).isEqualTo("/admin/requests/" + id);
		assertThat(api.get("/api/v1/notifications", community).json().get("unread").asLong()).isEqualTo(unreadBefore);
	}

	@Test
	void aHandOverTellsTheNewOwnerAndAResolutionTellsTheResident() {
		ApiClient api = api();
		long id = submitAsResident(api, "单元门禁坏了");
		String head = api.token("ld.caizheng.1");
		api.post("/api/v1/requests/" + id + "/accept", head, "{}");
		api.post("/api/v1/requests/" + id + "/transfer", head,
				ApiClient.json(Map.of("toUsername", "sj.caizheng", "reason", "需要书记协调")));
		String secretary = api.token("sj.caizheng");
		JsonNode handed = await(api, secretary, "REQUEST_HANDED_OVER", id);
		assertThat(handed).isNotNull();
		assertThat(handed.get("args").get(2).asString()).isEqualTo("ld.caizheng.1");

		String resident = api.token("jm.caizheng.101");
		assertThat(find(api, resident, "REQUEST_RESOLVED", id)).isNull();
		assertThat(api.post("/api/v1/requests/" + id + "/resolve", secretary, ApiClient.json(Map.of("note", "已修好")))
			.status()).isEqualTo(200);
		JsonNode resolved = await(api, resident, "REQUEST_RESOLVED", id);
		assertThat(resolved).isNotNull();
		assertThat(resolved.get("link").asString()).isEqualTo("/requests/" + id);

		// the resident's inbox page says it in Chinese, shows the unread badge, and opening it marks it read
		PageSession page = new PageSession(port);
		page.login("jm.caizheng.101", ApiClient.PASSWORD);
		String html = page.page("/notifications").body();
		assertThat(html).contains("您反映的「单元门禁坏了」已办结，请确认并评价。");
		assertThat(page.page("/notifications/badge").body()).contains("xf-badge");
		var opened = page.page("/notifications/" + resolved.get("id").asLong());
		assertThat(opened.statusCode()).isEqualTo(302);
		assertThat(opened.headers().firstValue("Location").orElseThrow()).endsWith("/requests/" + id);
		assertThat(find(api, resident, "REQUEST_RESOLVED", id).get("readAt").isNull()).isFalse();
		assertThat(page.page("/notifications?lang=en").body()).contains("Your request &quot;单元门禁坏了&quot; has been resolved");
	}
}
