package org.xingfu.system;

import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * {@code X-Forwarded-For} is believed only from the proxies named in {@code xingfu.trusted-proxies} (issue 24;
 * default: this machine, where nginx runs), not from every private network as Tomcat's default would: anyone on
 * the city's network could otherwise choose the address the rate limits and the audit log see.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final List<String> proxies;

	TrustedProxies(@Value("${xingfu.trusted-proxies:127.0.0.1,::1}") List<String> proxies) {
		this.proxies = proxies;
	}

	/** Tomcat matches the connection's address, as it writes it, against a regular expression. */
	static String pattern(List<String> proxies) {
		return proxies.stream().map(String::strip).filter(p -> !p.isEmpty())
			.map(p -> InetAddress.ofLiteral(p).getHostAddress())
			.map(Pattern::quote)
			.collect(Collectors.joining("|"));
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		String regex = pattern(proxies);
		factory.getEngineValves().stream().filter(RemoteIpValve.class::isInstance).map(RemoteIpValve.class::cast)
			.forEach(valve -> {
				valve.setInternalProxies(regex.isEmpty() ? "^$" : regex);
				valve.setTrustedProxies(null);
			});
	}

	/** After Spring Boot has added the valve (server.forward-headers-strategy=native). */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
