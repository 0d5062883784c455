package org.xingfu.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.PageResult;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/**
 * Appends recorded actions to the chain and answers scoped reads of it. Appends are serialised by an advisory
 * lock so two writers can never fork the chain.
 */
@Service
class AuditLog {

	private static final long CHAIN_LOCK = 0x58494e474655L; // "XINGFU"

	private final JdbcClient jdbc;

	AuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Reacts after the action's transaction committed; a failure is retried from the publication registry. */
	@ApplicationModuleListener
	void on(ActionRecorded action) {
		append(action);
	}

	@Transactional
	AuditEntry append(ActionRecorded action) {
		jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query(Object.class).single();
		record Last(long id, String hash) {
		}
		Last last = jdbc.sql("select id, hash from aud_entry order by id desc limit 1")
			.query((rs, i) -> new Last(rs.getLong(1), rs.getString(2))).optional()
			.orElse(new Last(0, AuditEntry.GENESIS));
		Instant at = AuditEntry.truncate(action.occurredAt() == null ? Instant.now() : action.occurredAt());
		AuditEntry entry = new AuditEntry(last.id() + 1, at, cut(action.actor(), 50), cut(action.action(), 40),
				cut(action.targetType(), 40), cut(action.targetId(), 40), action.nodePath(),
				cut(action.sourceAddress(), 64), cut(action.detail(), 500), last.hash(), null);
		String hash = entry.computeHash();
		jdbc.sql("""
				insert into aud_entry (id, occurred_at, actor, action, target_type, target_id, node_path, source_address,
				                       detail, prev_hash, hash)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(entry.id(), Timestamp.from(at), entry.actor(), entry.action(), entry.targetType(),
					entry.targetId(), entry.nodePath(), entry.sourceAddress(), entry.detail(), entry.prevHash(), hash)
			.update();
		return entry;
	}

	/**
	 * Entries the actor may browse, newest first: those on nodes in their scope, and for a city admin also the
	 * entries not tied to a node (logins).
	 */
	@Transactional(readOnly = true)
	PageResult<AuditEntry> browse(Actor actor, String actionFilter, int page, int size) {
		ScopeSql.Fragment scope = ScopeSql.within("node_path", actor.scopePaths(Role.AUDITORS), "s");
		String where = "(" + scope.sql() + (actor.has(Role.CITY_ADMIN) ? " or node_path is null" : "") + ")";
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

	/** Recomputes every hash from the start, in batches. */
	@Transactional(readOnly = true)
	Verification verify() {
		String previous = AuditEntry.GENESIS;
		long expectedId = 1;
		long checked = 0;
		long after = 0;
		while (true) {
			List<AuditEntry> batch = new ArrayList<>(jdbc.sql("select * from aud_entry where id > ? order by id limit 5000")
				.param(after).query(AuditLog::map).list());
			if (batch.isEmpty()) {
				return new Verification(checked, Optional.empty(), null);
			}
			for (AuditEntry e : batch) {
				if (e.id() != expectedId) {
					return new Verification(checked, Optional.of(expectedId), "missing");
				}
				if (!e.prevHash().equals(previous)) {
					return new Verification(checked, Optional.of(e.id()), "chain");
				}
				if (!e.computeHash().equals(e.hash())) {
					return new Verification(checked, Optional.of(e.id()), "content");
				}
				previous = e.hash();
				expectedId++;
				checked++;
				after = e.id();
			}
		}
	}

	private static String cut(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

	private static AuditEntry map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
				rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
				rs.getString("node_path"), rs.getString("source_address"), rs.getString("detail"),
				rs.getString("prev_hash"), rs.getString("hash"));
	}
}
