package org.xingfu.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Actor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Opaque bearer tokens for the JSON API (see ADR 0002). The database keeps only their SHA-256, so every node of
 * a cluster can check them; a short local cache spares the lookup on hot paths.
 */
@Service
class TokenService {

	/** A freshly issued token; the raw value is shown once and never stored. */
	record IssuedToken(String token, Instant expiresAt) {
	}

	private record Cached(Actor actor, Instant expiresAt) {
	}

	private final SecureRandom random = new SecureRandom();
	private final JdbcClient jdbc;
	private final AccountRepository accounts;
	private final Authenticator authenticator;
	private final IdentitySettings settings;
	// a revoked or expired token may live on here for at most this long
	private final Cache<String, Cached> cache = Caffeine.newBuilder().maximumSize(10_000)
		.expireAfterWrite(Duration.ofSeconds(30)).build();

	TokenService(JdbcClient jdbc, AccountRepository accounts, Authenticator authenticator, IdentitySettings settings) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.authenticator = authenticator;
		this.settings = settings;
	}

	@Transactional
	IssuedToken issue(long accountId) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant expiresAt = Instant.now().plus(settings.tokenTtl());
		jdbc.sql("insert into idn_token (token_hash, account_id, expires_at, city_id) "
				+ "select ?, id, ?, city_id from idn_account where id = ?")
			.params(sha256(token), Timestamp.from(expiresAt), accountId).update();
		// tidy expired tokens now and then without a separate job
		if (bytes[0] == 0) {
			jdbc.sql("delete from idn_token where expires_at < now()").update();
		}
		return new IssuedToken(token, expiresAt);
	}

	Optional<Actor> resolve(String token) {
		if (token == null || token.length() < 20 || token.length() > 100) {
			return Optional.empty();
		}
		byte[] hash = sha256(token);
		String key = HexFormat.of().formatHex(hash);
		Instant now = Instant.now();
		Cached cached = cache.getIfPresent(key);
		if (cached != null && cached.expiresAt().isAfter(now)) {
			return Optional.of(cached.actor());
		}
		record Row(long accountId, Instant expiresAt) {
		}
		Optional<Row> row = jdbc.sql("select account_id, expires_at from idn_token where token_hash = ? and expires_at > now()")
			.param(hash).query((rs, i) -> new Row(rs.getLong(1), rs.getTimestamp(2).toInstant())).optional();
		Optional<Actor> actor = row.flatMap(r -> accounts.findById(r.accountId()))
			.filter(a -> a.enabled() && !a.lockedAt(now))
			.map(authenticator::actorOf);
		actor.ifPresent(a -> cache.put(key, new Cached(a, row.get().expiresAt())));
		return actor;
	}

	/** Drops this node's cached answers for an account's tokens: they are looked up in the database again. */
	void forget(long accountId) {
		cache.asMap().entrySet().removeIf(e -> e.getValue().actor().accountId() == accountId);
	}

	/** Drops every cached answer (after this node may have missed a revocation). */
	void forgetAll() {
		cache.invalidateAll();
	}

	@Transactional
	void revoke(String token) {
		byte[] hash = sha256(token);
		jdbc.sql("delete from idn_token where token_hash = ?").param(hash).update();
		cache.invalidate(HexFormat.of().formatHex(hash));
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
