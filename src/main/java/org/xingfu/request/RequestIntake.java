package org.xingfu.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Actor;

/**
 * Creating requests with an optional Idempotency-Key: the key, the hash of the body and the first answer are
 * stored in the same transaction as the request, so a retry after a lost answer never files it twice.
 */
@Service
class RequestIntake {

	/** The first answer to a key, and whether the retried body was the same. */
	record Replay(String responseJson, boolean sameBody) {
	}

	private final JdbcClient jdbc;
	private final RequestManagement management;

	RequestIntake(JdbcClient jdbc, RequestManagement management) {
		this.jdbc = jdbc;
		this.management = management;
	}

	@Transactional(readOnly = true)
	Optional<Replay> replay(Actor actor, String key, String bodyHash) {
		return jdbc.sql("select body_hash, response_json from req_idempotency where account_id = ? and key = ?")
			.params(actor.accountId(), key)
			.query((rs, i) -> new Replay(rs.getString(2), rs.getString(1).equals(bodyHash)))
			.optional();
	}

	/** Files the request and, with a key, remembers the answer; a concurrent duplicate fails on the key. */
	/** The id of the filed request and the answer given for it. */
	record Filed(long id, String json) {
	}

	@Transactional
	Filed submit(Actor actor, RequestManagement.Submission submission, String key, String bodyHash,
			java.util.function.Function<Request, String> answer) {
		Request created = management.file(actor, submission);
		String json = answer.apply(created);
		if (key != null) {
			jdbc.sql("""
					insert into req_idempotency (account_id, key, body_hash, request_id, request_submitted_at,
					  response_json, city_id) values (?, ?, ?, ?, ?, ?, ?)""")
				.params(actor.accountId(), key, bodyHash, created.id(), RequestRepository.ts(created.submittedAt()), json,
						created.cityId())
				.update();
		}
		return new Filed(created.id(), json);
	}

	static String sha256(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
