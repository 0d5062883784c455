package org.xingfu;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Logs in through the login page like a browser (session cookie, CSRF token) and returns where it redirects. */
public final class PageSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER).build();
	private final String base;

	public PageSession(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public String login(String username, String password) {
		try {
			String page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			Matcher m = CSRF.matcher(page);
			if (!m.find()) {
				throw new IllegalStateException("no CSRF token on the login page");
			}
			String csrf = m.group(1) != null ? m.group(1) : m.group(2);
			String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
			return response.headers().firstValue("Location").orElse("status " + response.statusCode());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET with the session's cookies; returns the status code. */
	public int get(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET with the session's cookies; returns the status and the page. */
	public HttpResponse<String> page(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** POST a form with the session's cookies and the CSRF token of the home page; returns the status code. */
	public int post(String path, String form) {
		return postPage(path, form).statusCode();
	}

	/** POST a form and keep the answer: a form with its errors comes back as a page (200), not a redirect. */
	public HttpResponse<String> postPage(String path, String form) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-CSRF-TOKEN", csrf())
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** POST a form with a CSRF token read earlier: when the pages cannot be read now (the database is read-only). */
	public HttpResponse<String> postPage(String path, String form, String csrfToken) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-CSRF-TOKEN", csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** The session's CSRF token, as the home page (or the sign-in page) carries it. */
	public String csrfToken() {
		return csrf();
	}

	/** POST a form with the session's cookies but without a CSRF token, as a forged cross-site form would. */
	public HttpResponse<String> postWithoutCsrf(String path, String form) {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** POST any body (a multipart form) with the session's cookies and the CSRF token of the home page. */
	public HttpResponse<String> postBody(String path, String contentType, byte[] body) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
			.header("X-CSRF-TOKEN", csrf()).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	/** The CSRF token of the home page, or of the sign-in page when not signed in. */
	private String csrf() {
		for (String page : new String[] { "/", "/login" }) {
			Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\" (?:content|value)=\"([^\"]+)\"")
				.matcher(send(HttpRequest.newBuilder(URI.create(base + page))).body());
			if (m.find()) {
				return m.group(1);
			}
		}
		throw new IllegalStateException("no CSRF token on the home or sign-in page");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET as a browser does it, accepting gzip: the body is the bytes that went over the wire. */
	public HttpResponse<byte[]> compressed(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Encoding", "gzip").build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET with the session's cookies; returns the status and the body as bytes (downloads). */
	public HttpResponse<byte[]> bytes(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}
}
