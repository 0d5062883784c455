package org.xingfu.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.PageResult;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * Appends recorded actions in the transaction of the action itself (an action that commits is logged, one that
 * rolls back is not), and answers scoped reads of the log. {@link AuditSealer} links the entries into the hash
 * chain shortly after; see ADR 0005.
 */
@Service
class AuditLog {

	private final JdbcClient jdbc;
	private final AuditKey key;
	private final AuditAnchors anchors;

	AuditLog(JdbcClient jdbc, AuditKey key, AuditAnchors anchors) {
		this.jdbc = jdbc;
		this.key = key;
		this.anchors = anchors;
	}

	/** Synchronous, in the publisher's transaction: no lock, one insert. */
	@EventListener
	void on(ActionRecorded action) {
		append(action);
	}

	void append(ActionRecorded action) {
		Instant at = AuditEntry.truncate(action.occurredAt() == null ? Instant.now() : action.occurredAt());
		jdbc.sql("""
				insert into aud_entry (occurred_at, actor, action, target_type, target_id, node_path, source_address, detail)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Timestamp.from(at), cut(action.actor(), 50), cut(action.action(), 40), cut(action.targetType(), 40),
					cut(action.targetId(), 40), action.nodePath(), cut(action.sourceAddress(), 64),
					cut(action.detail(), 500))
			.update();
	}

	/**
	 * Entries the actor may browse, newest first: those on nodes in their scope, and for a city admin also the
	 * entries not tied to a node (logins).
	 */
	@Transactional(readOnly = true)
	PageResult<AuditEntry> browse(Actor actor, String actionFilter, int page, int size) {
		ScopeSql.Fragment scope = ScopeSql.within("node_path", actor.scopePaths(Role.AUDITORS), "s");
		// entries tied to no node (the installation's own, and sign-ins before issue 24) belong to no one city: a city
		// administrator reads them only where the installation is one city, never another city's
		boolean oneCity = jdbc.sql("select count(*) from org_node where type = 'CITY'").query(Long.class).single() <= 1;
		String where = "(" + scope.sql() + (actor.has(Role.CITY_ADMIN) && oneCity ? " or node_path is null" : "") + ")";
		Map<String, Object> params = new HashMap<>(scope.params());
		if (actionFilter != null && !actionFilter.isBlank()) {
			where += " and action = :action";
			params.put("action", actionFilter.strip());
		}
		long total = jdbc.sql("select count(*) from aud_entry where " + where).params(params).query(Long.class)
			.single();
		params.put("size", size);
		params.put("offset", (long) page * size);
		List<AuditEntry> items = jdbc.sql("select * from aud_entry where " + where
				+ " order by id desc limit :size offset :offset").params(params).query(AuditLog::map).list();
		return new PageResult<>(items, page, size, total);
	}

	/** Result of walking the chain: how many entries were checked and the first broken one, if any. */
	record Verification(long checked, Optional<Long> firstBrokenId, String reason) {
		public boolean intact() {
			return firstBrokenId.isEmpty();
		}
	}

	/**
	 * Recomputes every sealed entry's hash in chain order, in batches, with the key from the key file (not the
	 * database's word), and names the first entry that fails; then holds the chain against the anchors written
	 * outside the database. Reasons: {@code missing} (a gap: entries or a month removed), {@code chain} (an entry's
	 * link to the one before broken), {@code content} (an entry changed, or the chain recomputed without the key),
	 * {@code truncated} (entries an anchor names are gone from the end), {@code anchor} (the chain differs from what
	 * an anchor recorded), {@code key} (the key file is missing).
	 */
	@Transactional(readOnly = true)
	Verification verify() {
		Optional<AuditKey.Loaded> loaded = key.read();
		long sealedTotal = jdbc.sql("select count(*) from aud_entry where seq is not null").query(Long.class).single();
		if (loaded.isEmpty() && sealedTotal > 0) {
			return new Verification(0, Optional.of(1L), "key");
		}
		AuditKey.Loaded k = loaded.orElse(null);
		String previous = AuditEntry.GENESIS;
		long expectedSeq = 1;
		long checked = 0;
		java.util.Map<Long, String> hashes = new java.util.HashMap<>();
		java.util.Set<Long> anchored = new java.util.HashSet<>();
		List<AuditAnchors.Anchor> written = anchors.read();
		written.forEach(a -> anchored.add(a.seq()));
		while (true) {
			List<AuditEntry> batch = new ArrayList<>(jdbc.sql("select * from aud_entry where seq >= ? order by seq limit 5000")
				.param(expectedSeq).query(AuditLog::map).list());
			if (batch.isEmpty()) {
				long sealedAfter = jdbc.sql("select count(*) from aud_entry where seq > ?").param(expectedSeq - 1)
					.query(Long.class).single();
				if (sealedAfter != 0) {
					return new Verification(checked, Optional.of(expectedSeq), "missing");
				}
				break;
			}
			for (AuditEntry e : batch) {
				if (e.seq() != expectedSeq) {
					return new Verification(checked, Optional.of(expectedSeq), "missing");
				}
				if (!previous.equals(e.prevHash())) {
					return new Verification(checked, Optional.of(e.id()), "chain");
				}
				if (!e.computeHash(k).equals(e.hash())) {
					return new Verification(checked, Optional.of(e.id()), "content");
				}
				if (anchored.contains(e.seq())) {
					hashes.put(e.seq(), e.hash());
				}
				previous = e.hash();
				expectedSeq++;
				checked++;
			}
		}
		long last = expectedSeq - 1;
		for (AuditAnchors.Anchor anchor : written) {
			if (anchor.seq() > last) {
				return new Verification(checked, Optional.of(anchor.seq()), "truncated");
			}
			if (!anchor.hash().equals(hashes.get(anchor.seq()))) {
				return new Verification(checked, Optional.of(anchor.seq()), "anchor");
			}
		}
		return new Verification(checked, Optional.empty(), null);
	}

	static String cut(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

	static AuditEntry map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		long seq = rs.getLong("seq");
		Long seqOrNull = rs.wasNull() ? null : seq;
		return new AuditEntry(rs.getLong("id"), seqOrNull, rs.getTimestamp("occurred_at").toInstant(),
				rs.getString("actor"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
				rs.getString("node_path"), rs.getString("source_address"), rs.getString("detail"),
				rs.getString("prev_hash"), rs.getString("hash"));
	}
}
