package org.xingfu.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What sets a demo start apart on the outside: every page carries the thin banner "演示环境 · 数据为虚构" (the layout
 * reads {@code demoMode}), and the server listens on loopback only, because the demo's accounts and password are in
 * the README, unless {@code xingfu.demo.allow-remote=true} says otherwise on purpose.
 */
@Component
@ControllerAdvice
class DemoMode implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

	private static final Logger log = LoggerFactory.getLogger(DemoMode.class);

	private final DemoSettings settings;
	private final String address;

	DemoMode(DemoSettings settings, @Value("${server.address:}") String address) {
		this.settings = settings;
		this.address = address;
	}

	@ModelAttribute("demoMode")
	boolean demoMode() {
		return settings.enabled();
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		if (!settings.enabled() || settings.allowRemote() || loopback(address)) {
			return;
		}
		log.warn("The demo listens on loopback only, not on {}: its accounts and password are public. Set "
				+ "xingfu.demo.allow-remote=true to open it on purpose.", address);
		factory.setAddress(InetAddress.getLoopbackAddress());
	}

	static boolean loopback(String address) {
		if (address == null || address.isBlank()) {
			return false; // no address: every interface
		}
		try {
			return InetAddress.getByName(address.strip()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/** After Spring Boot's own customizer has applied {@code server.address}. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
