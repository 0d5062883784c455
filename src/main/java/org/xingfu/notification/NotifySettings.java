package org.xingfu.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outside channels. A channel whose credentials are not set is served by the log-only adapter.
 *
 * @param linkBase the platform's address for links in messages, for example {@code https://xingfu.example.gov.cn}
 * @param sms      an SMS gateway that takes JSON over HTTPS: {@code url}, an API {@code key} (sent as a bearer
 *                 token), the registered {@code sign} (短信签名) and {@code template} code
 * @param wechat   a WeChat official account: {@code appId}, {@code appSecret}, the template message's
 *                 {@code templateId}; {@code apiBase} is {@code https://api.weixin.qq.com} and {@code oauthBase}
 *                 (where a person is sent to bind their WeChat) {@code https://open.weixin.qq.com} unless set
 */
@ConfigurationProperties("xingfu.notify")
record NotifySettings(String linkBase, Sms sms, WeChat wechat) {

	NotifySettings {
		linkBase = linkBase == null ? "" : linkBase.replaceAll("/+$", "");
		sms = sms == null ? new Sms(null, null, null, null) : sms;
		wechat = wechat == null ? new WeChat(null, null, null, null, null) : wechat;
	}

	record Sms(String url, String key, String sign, String template) {

		boolean configured() {
			return url != null && !url.isBlank() && key != null && !key.isBlank();
		}
	}

	record WeChat(String appId, String appSecret, String templateId, String apiBase, String oauthBase) {

		WeChat {
			apiBase = apiBase == null || apiBase.isBlank() ? "https://api.weixin.qq.com" : apiBase.replaceAll("/+$", "");
			oauthBase = oauthBase == null || oauthBase.isBlank() ? "https://open.weixin.qq.com"
					: oauthBase.replaceAll("/+$", "");
		}

		boolean configured() {
			return appId != null && !appId.isBlank() && appSecret != null && !appSecret.isBlank()
					&& templateId != null && !templateId.isBlank();
		}
	}
}
