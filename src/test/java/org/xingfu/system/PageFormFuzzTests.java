package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * Fuzzing the page forms, which the OpenAPI document does not cover: every page of the handler mapping is opened
 * (on a target in 财政小区) by four roles, and every form on it is sent back with every field holding markup
 * followed by 20,000 characters, too long for any field, so the submission must be refused whatever the form
 * is. Expected: never a 5xx, the markup never comes back unescaped, neither on the answer nor on the page a
 * redirect leads to, and no table has a row more or less afterwards. Each POST form is also sent without its CSRF
 * token and must get a 403. Search forms (GET) get the same values in their query.
 */
@XingfuTest
class PageFormFuzzTests {

	static final String MARKUP = "<script>alert('xf')</script><img src=x onerror=alert(1)>";
	/** A mobile number among the markup: refused input must not reach the log either (LogScanTests reads it). */
	static final String VALUE = MARKUP + " 13912345678 '\"; drop table req_request; -- " + "x".repeat(20_000);
	static final List<String> ROLES = List.of("admin", "sq.nongchang", "wg.nongchang.1", "jm.caizheng.101");
	/** Forms that end the session or change the password the other tests sign in with. */
	static final Set<String> SKIPPED = Set.of("/logout", "/account/password", "/login");

	static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
	static final Pattern FIELD = Pattern.compile("<(?:input|select|textarea)\\b[^>]*\\bname=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyFormRefusesHostileValuesCleanly() {
		Map<String, String> targets = readTargets();
		Map<String, String> scope = Endpoints.scope(jdbc, "jm.caizheng.101");
		List<String> failures = new ArrayList<>();
		Map<String, Long> before = Endpoints.rowCounts(jdbc, "%");
		Map<Integer, Integer> answers = new java.util.TreeMap<>();
		Set<String> seen = new LinkedHashSet<>();
		int pages = 0;
		int forgedTotal = 0;
		for (String role : ROLES) {
			PageSession session = new PageSession(port);
			session.login(role, ApiClient.PASSWORD);
			for (String pattern : Endpoints.patterns(mappings)) {
				if (pattern.startsWith("/api/") || pattern.startsWith("/open311/") || pattern.endsWith(".xlsx")
						|| pattern.endsWith(".pdf") || pattern.contains("/photos/") || pattern.contains("/evidence/")
						|| pattern.contains("/attachments/")) {
					continue;
				}
				String key = Endpoints.targetKey(pattern);
				String url = key == null ? Endpoints.url(pattern, List.of())
						: targets.containsKey(key) ? Endpoints.target(jdbc, pattern, targets.get(key), scope) : null;
				if (url == null) {
					continue;
				}
				HttpResponse<String> page = session.page(url);
				if (page.statusCode() != 200 || !page.headers().firstValue("Content-Type").orElse("").contains("html")) {
					continue;
				}
				pages++;
				Matcher form = FORM.matcher(page.body());
				while (form.find()) {
					String attributes = form.group(1);
					String action = attribute(attributes, "action", url).replace("&amp;", "&");
					String method = attribute(attributes, "method", "get").toLowerCase();
					boolean multipart = attribute(attributes, "enctype", "").contains("multipart");
					Set<String> fields = new LinkedHashSet<>();
					Matcher field = FIELD.matcher(form.group(2));
					while (field.find()) {
						if (!field.group(1).equals("_csrf")) {
							fields.add(field.group(1));
						}
					}
					String path = action.replaceFirst("^https?://[^/]+", "");
					if (SKIPPED.contains(path.replaceFirst("\\?.*", "")) || fields.isEmpty()
							|| !seen.add(role + " " + method + " " + path.replaceAll("\\d+", "#") + " " + fields)) {
						continue;
					}
					if (method.equals("post")) {
						// the same form forged from another site, without the token: refused before anything runs
						HttpResponse<String> forged = session.postWithoutCsrf(path, fields.iterator().next() + "=x");
						forgedTotal++;
						if (forged.statusCode() != 403) {
							failures.add(role + " POST " + path + " without a CSRF token → " + forged.statusCode());
						}
					}
					HttpResponse<String> answer = submit(session, method, path, multipart, fields);
					answers.merge(answer.statusCode(), 1, Integer::sum);
					check(session, role + " " + method.toUpperCase() + " " + path + " " + fields, answer, failures);
				}
			}
		}
		System.out.printf("Page form fuzzing: %d pages opened, %d forms sent, answers %s, %d forged without a CSRF"
				+ " token, %d failures%n", pages, seen.size(), answers, forgedTotal, failures.size());
		assertThat(seen.size()).as("forms found").isGreaterThan(50);
		// most submissions must reach the forms' validation (a page with errors, 400 or 409), not stop at CSRF
		assertThat(answers.getOrDefault(403, 0)).as("refused as forbidden").isLessThan(seen.size() / 4);
		assertThat(failures).isEmpty();
		// every submission was refused: nothing was stored anywhere
		assertThat(Endpoints.rowCounts(jdbc, "%")).as("row counts after refused forms").isEqualTo(before);
	}

	private HttpResponse<String> submit(PageSession session, String method, String path, boolean multipart,
			Set<String> fields) {
		if (method.equals("get")) {
			StringBuilder query = new StringBuilder(path.contains("?") ? "&" : "?");
			for (String f : fields) {
				// a query stays under Tomcat's 8 KB request line
				query.append(encode(f)).append('=').append(encode(VALUE.substring(0, 1_500))).append('&');
			}
			return session.page(path.replaceFirst("\\?.*", "") + query);
		}
		if (multipart) {
			String boundary = "xf" + System.nanoTime();
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			for (String f : fields) {
				body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f + "\"\r\n\r\n"
						+ VALUE + "\r\n").getBytes(StandardCharsets.UTF_8));
			}
			body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
			return session.postBody(path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
		}
		StringBuilder form = new StringBuilder();
		for (String f : fields) {
			form.append(encode(f)).append('=').append(encode(VALUE)).append('&');
		}
		return session.postPage(path, form.toString());
	}

	private static void check(PageSession session, String what, HttpResponse<String> answer, List<String> failures) {
		if (answer.statusCode() >= 500) {
			failures.add(what + " → " + answer.statusCode());
			return;
		}
		if (answer.body() != null && answer.body().contains(MARKUP.substring(0, 22))) {
			failures.add(what + " → markup reflected unescaped");
		}
		String location = answer.headers().firstValue("Location").orElse("");
		if (answer.statusCode() / 100 == 3 && !location.isEmpty()) {
			HttpResponse<String> next = session.page(location.replaceFirst("^https?://[^/]+", ""));
			if (next.statusCode() >= 500 || next.body().contains(MARKUP.substring(0, 22))) {
				failures.add(what + " → redirected to " + location + ": " + next.statusCode() + " or markup unescaped");
			}
		}
	}

	private static String attribute(String attributes, String name, String otherwise) {
		Matcher m = Pattern.compile("\\b" + name + "=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE).matcher(attributes);
		return m.find() && !m.group(1).isEmpty() ? m.group(1) : otherwise;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static Map<String, String> readTargets() {
		try {
			return Endpoints.read("authorization/targets.tsv");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
