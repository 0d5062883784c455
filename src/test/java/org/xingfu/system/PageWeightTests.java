package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * The weight of every page without path variables, as the city admin and as a resident see it: the HTML goes out
 * compressed, no page sends more than 200 KB of compressed JavaScript, and our own CSS and JS have a content hash
 * in their URL and may be kept for a year (webjars carry their version).
 */
@XingfuTest
class PageWeightTests {

	static final int SCRIPT_BUDGET = 200 * 1024;

	static final Pattern ASSET = Pattern.compile("<(?:script[^>]*\\ssrc|link[^>]*\\shref)=\"(/[^\"]+\\.(?:js|css))\"");

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void pagesAreCompressedLightAndTheirAssetsVersioned() throws IOException {
		List<String> problems = new ArrayList<>();
		Set<String> assets = new LinkedHashSet<>();
		int pages = 0;
		int heaviest = 0;
		for (String account : List.of("admin", "jm.caizheng.101")) {
			PageSession session = new PageSession(port);
			session.login(account, ApiClient.PASSWORD);
			for (String pattern : Endpoints.patterns(mappings)) {
				if (pattern.contains("{") || pattern.startsWith("/api/") || pattern.startsWith("/open311")
						|| pattern.contains(".") || pattern.equals("/error") || pattern.startsWith("/actuator")) {
					continue;
				}
				HttpResponse<byte[]> page = session.compressed(pattern);
				String type = page.headers().firstValue("Content-Type").orElse("");
				if (page.statusCode() != 200 || !type.startsWith("text/html")) {
					continue;
				}
				pages++;
				boolean gzip = page.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
				if (!gzip) {
					problems.add(pattern + " HTML not compressed");
					continue;
				}
				String html = gunzip(page.body());
				int scripts = 0;
				Matcher m = ASSET.matcher(html);
				while (m.find()) {
					String asset = m.group(1);
					assets.add(asset);
					HttpResponse<byte[]> file = session.compressed(asset);
					if (file.statusCode() != 200) {
						problems.add(pattern + " " + asset + " → " + file.statusCode());
						continue;
					}
					if (asset.endsWith(".js")) {
						scripts += file.body().length;
					}
				}
				heaviest = Math.max(heaviest, scripts);
				if (scripts > SCRIPT_BUDGET) {
					problems.add(pattern + " sends " + scripts / 1024 + " KB of compressed JavaScript");
				}
			}
		}
		for (String asset : assets) {
			HttpResponse<byte[]> file = new PageSession(port).compressed(asset);
			String cache = file.headers().firstValue("Cache-Control").orElse("");
			if (!cache.contains("max-age=31536000")) {
				problems.add(asset + " Cache-Control: " + cache);
			}
			if (!asset.startsWith("/webjars/") && !asset.matches(".*-[0-9a-f]{32}\\.(css|js)")) {
				problems.add(asset + " has no content hash in its URL");
			}
			if (!file.headers().firstValue("Content-Encoding").orElse("").equals("gzip") && file.body().length > 1024) {
				problems.add(asset + " not compressed");
			}
		}
		System.out.printf("Page weight: %d pages, %d assets, heaviest page %d KB of compressed JavaScript%n", pages,
				assets.size(), heaviest / 1024);
		assertThat(pages).isGreaterThan(20);
		assertThat(problems).isEmpty();
	}

	private static String gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
