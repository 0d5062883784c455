package org.xingfu.identity;

import java.io.IOException;
import java.util.List;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.LocaleResolver;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Role;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains: the JSON API with bearer tokens and no session, and the pages with form login, sessions and
 * CSRF. Both authenticate through {@link Authenticator}, so lockout holds on either path.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
// the console commands (Commands) run without a web server, so without the filter chains
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {

	private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
			+ "script-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";


	/**
	 * Declared as a bean so Spring Boot does not add its default in-memory user (with a generated password in the
	 * log): every login goes through the accounts table.
	 */
	@Bean
	ActorAuthenticationProvider actorAuthenticationProvider(Authenticator authenticator) {
		return new ActorAuthenticationProvider(authenticator);
	}

	/**
	 * The actuator: health for anyone (load balancers, systemd), everything else (Prometheus's metrics, info) only
	 * from this machine or with the scrape token {@code xingfu.metrics.token}: the figures tell about the city's use.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain actuatorChain(HttpSecurity http,
			@org.springframework.beans.factory.annotation.Value("${xingfu.metrics.token:}") String metricsToken) throws Exception {
		byte[] expected = ("Bearer " + metricsToken).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		http.securityMatcher("/actuator/**")
			.authorizeHttpRequests(auth -> auth
				.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
				.anyRequest().access((authentication, context) -> {
					var request = context.getRequest();
					boolean loopback = loopback(request.getRemoteAddr());
					String header = request.getHeader("Authorization");
					boolean token = !metricsToken.isBlank() && header != null && java.security.MessageDigest.isEqual(
							expected, header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
					return new org.springframework.security.authorization.AuthorizationDecision(loopback || token);
				}))
			.sessionManagement(sm -> sm.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.exceptionHandling(e -> e
				.authenticationEntryPoint((request, response, ex) -> response.sendError(HttpServletResponse.SC_UNAUTHORIZED))
				.accessDeniedHandler((request, response, ex) -> response.sendError(HttpServletResponse.SC_UNAUTHORIZED)));
		return http.build();
	}

	static boolean loopback(String address) {
		try {
			return java.net.InetAddress.ofLiteral(address).isLoopbackAddress();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiChain(HttpSecurity http, TokenService tokens, MessageSource messages, JsonMapper json,
			LocaleResolver locales) throws Exception {
		// the Swagger UI is a page (scripts, styles): it is served by the page chain below
		http.securityMatcher(request -> {
			// decoded and normalised, as the application routes it: /%61pi/... is the API too
			String path = (request.getServletPath() == null ? "" : request.getServletPath())
					+ (request.getPathInfo() == null ? "" : request.getPathInfo());
			return (path.startsWith("/api/") || path.startsWith("/open311/"))
					&& !path.startsWith("/api/v1/swagger-ui/");
		})
			.authorizeHttpRequests(auth -> auth
				.requestMatchers("/api/v1/auth/token", "/api/v1/auth/password", "/api/v1/openapi/**", "/api/v1/docs/**", "/open311/**",
						"/api/v1/public/**")
				.permitAll()
				.anyRequest().authenticated())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable()) // no cookies on this chain: tokens travel in a header
			.requestCache(cache -> cache.disable())
			.logout(logout -> logout.disable()) // /logout is a page; tokens lapse after xingfu.identity.token-ttl
			.addFilterBefore(new BearerTokenFilter(tokens), UsernamePasswordAuthenticationFilter.class)
			.exceptionHandling(e -> e
				.authenticationEntryPoint((request, response, ex) -> problem(response, json, HttpStatus.UNAUTHORIZED,
						messages.getMessage("api.error.unauthorized", null, locales.resolveLocale(request))))
				.accessDeniedHandler((request, response, ex) -> problem(response, json, HttpStatus.FORBIDDEN,
						messages.getMessage("api.error.forbidden", null, locales.resolveLocale(request)))))
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageChain(HttpSecurity http, ActorAuthenticationProvider provider, AccountRepository accounts,
			IdentitySettings settings) throws Exception {
		http.authorizeHttpRequests(auth -> auth
			.requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error",
					"/sw.js", "/manifest.webmanifest", "/offline.html", "/icons/**",
					"/api/v1/swagger-ui/**", "/wall/**", "/public/**", "/preferences/elder-mode")
			.permitAll()
			// a notice board's QR code opens its page, and its notices, on any phone without an account; each page
			// shows only what is public unless the reader has signed in
			.requestMatchers(org.springframework.http.HttpMethod.GET, "/boards/{id:\\d+}", "/notices/{id:\\d+}",
					"/notices/{id:\\d+}.pdf",
					"/notices/{id:\\d+}/attachments/{attachment:\\d+}")
			.permitAll()
			// staff pages for staff roles only; each page checks the node scope again
			.requestMatchers("/admin/**")
			.hasAnyRole(Role.STAFF.stream().map(Role::name).toArray(String[]::new))
			.anyRequest().authenticated())
			.authenticationProvider(provider)
			.formLogin(form -> form.loginPage("/login").failureHandler(loginFailure())
				.successHandler((request, response, authentication) -> {
					Actor actor = (Actor) authentication.getPrincipal();
					long account = actor.accountId();
					boolean elder = accounts.elderMode(account);
					// 长辈模式 chosen on another device follows the account to this one
					if (elder) {
						response.addCookie(ElderMode.cookie(true));
					}
					// the idle timeout is the server's, by who signed in; nothing the browser sends stretches it
					request.getSession().setMaxInactiveInterval(idleSeconds(settings, actor, elder));
					// a one-time password opens the password page and nothing else until it is changed
					boolean mustChange = accounts.mustChangePassword(account);
					if (mustChange) {
						request.getSession().setAttribute(PasswordChangeGate.ATTRIBUTE, Boolean.TRUE);
					}
					response.sendRedirect(request.getContextPath() + (mustChange ? "/account/password" : "/"));
				}))
			.addFilterAfter(new PasswordChangeGate(), org.springframework.security.web.access.intercept.AuthorizationFilter.class)
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
			.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
			.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
				.frameOptions(f -> f.deny()));
		return http.build();
	}

	private static AuthenticationFailureHandler loginFailure() {
		return (request, response, ex) -> response.sendRedirect(request.getContextPath()
				+ (ex instanceof LockedException ? "/login?locked"
						: ex instanceof DisabledException ? "/login?disabled"
								: ex instanceof CredentialsExpiredException ? "/login?expired" : "/login?error"));
	}

	/** A page session's idle timeout in seconds: staff's, or a resident's (longer in 长辈模式 chosen for the account). */
	static int idleSeconds(IdentitySettings settings, Actor actor, boolean elder) {
		java.time.Duration idle = actor.isStaff() ? settings.staffIdleTimeout()
				: elder ? settings.elderIdleTimeout() : settings.residentIdleTimeout();
		return (int) Math.min(Integer.MAX_VALUE, idle.toSeconds());
	}

	static void problem(HttpServletResponse response, JsonMapper json, HttpStatus status, String detail)
			throws IOException {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), problem);
	}

	static UsernamePasswordAuthenticationToken authenticated(Actor actor) {
		List<SimpleGrantedAuthority> authorities = actor.roles().stream()
			.map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
		return UsernamePasswordAuthenticationToken.authenticated(actor, null, authorities);
	}

	/** Form login through the shared {@link Authenticator}. */
	record ActorAuthenticationProvider(Authenticator authenticator) implements AuthenticationProvider {
		@Override
		public Authentication authenticate(Authentication authentication) throws AuthenticationException {
			try {
				return authenticated(authenticator.authenticate(authentication.getName(),
						String.valueOf(authentication.getCredentials())).actor());
			}
			catch (Authenticator.LoginRefused ex) {
				throw switch (ex.failure()) {
					case LOCKED -> new LockedException("locked");
					case DISABLED -> new DisabledException("disabled");
					case EXPIRED -> new CredentialsExpiredException("one-time password expired");
					case BAD_CREDENTIALS -> new BadCredentialsException("bad credentials");
				};
			}
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
		}
	}
}
