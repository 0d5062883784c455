package org.xingfu.system;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Token buckets per client address for the doors anyone can knock on: signing in (which the per-account lockout
 * alone does not protect against one address trying many accounts) and the public pages and APIs (Open311, notice
 * boards, the wish wall, the public dashboard). The address is the connection's, or the client's as a trusted
 * proxy on the private network reports it ({@code server.forward-headers-strategy=native}). Buckets of addresses
 * not seen for ten minutes are dropped, and there are at most 200,000, so a flood of addresses cannot exhaust
 * memory.
 */
@Component
class RateLimits {

	enum Door {
		LOGIN, PUBLIC
	}

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(200_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();
	private final int loginPerMinute;
	private final int publicPerMinute;
	private final Set<String> exempt;
	private final MessageSource messages;
	private final LocaleResolver locales;

	RateLimits(@Value("${xingfu.rate-limit.login-per-minute:10}") int loginPerMinute,
			@Value("${xingfu.rate-limit.public-per-minute:120}") int publicPerMinute,
			@Value("${xingfu.rate-limit.exempt:}") List<String> exempt, MessageSource messages, LocaleResolver locales) {
		this.loginPerMinute = loginPerMinute;
		this.publicPerMinute = publicPerMinute;
		this.exempt = Set.copyOf(exempt.stream().map(String::strip).filter(a -> !a.isEmpty()).toList());
		this.messages = messages;
		this.locales = locales;
	}

	/**
	 * The path as the application routes it: decoded, normalised and without path parameters (the servlet container
	 * has done that), so {@code /%6Cogin} or {@code /login;x=1} are counted as {@code /login} (issue 24).
	 */
	static String path(HttpServletRequest request) {
		String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
		String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
		String path = servletPath + pathInfo;
		return path.isEmpty() ? "/" : path;
	}

	/**
	 * Whom a bucket counts: an IPv4 address, or the /64 network of an IPv6 one (one household's or phone's prefix:
	 * a single client has the whole of it and could step through its addresses).
	 */
	static String client(String address) {
		try {
			java.net.InetAddress parsed = java.net.InetAddress.ofLiteral(address);
			if (parsed instanceof java.net.Inet6Address) {
				byte[] bytes = parsed.getAddress();
				java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
				return java.net.InetAddress.getByAddress(bytes).getHostAddress() + "/64";
			}
			return parsed.getHostAddress();
		}
		catch (IllegalArgumentException | java.net.UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * Takes one token for this call; when the bucket is empty answers 429 with {@code Retry-After} and returns
	 * false.
	 */
	boolean admit(Door door, HttpServletRequest request, HttpServletResponse response) throws IOException {
		String remote = request.getRemoteAddr();
		if (exempt.contains(remote)) {
			return true;
		}
		String address = client(remote);
		int perMinute = door == Door.LOGIN ? loginPerMinute : publicPerMinute;
		Bucket bucket = buckets.get(door + "|" + address, key -> Bucket.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return true;
		}
		long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		response.setHeader("Retry-After", String.valueOf(seconds));
		response.setHeader("Cache-Control", "no-store");
		String path = path(request);
		if (path.startsWith("/api/") || path.startsWith("/open311/")) {
			ApiErrorBodies.problem(messages, locales.resolveLocale(request), response, 429);
		}
		else {
			PlainPage.write(response, 429, messages, locales.resolveLocale(request), "error.tooMany", seconds);
		}
		return false;
	}
}
