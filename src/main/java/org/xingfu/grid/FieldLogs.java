package org.xingfu.grid;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.request.RequestManagement;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;
import org.xingfu.shared.Upload;

/**
 * Field logs of a grid worker's round, with photos; a retry with the same idempotency key (a phone in a stairwell
 * that lost the answer) returns the log already stored. A hazard becomes a request of the Requests module in the
 * same transaction, and each record points at the other.
 */
@Service
@Transactional
public class FieldLogs {

	/** Who works in the field: the grid's people, and the community's staff and first secretary. */
	static final Set<Role> FIELD = Set.of(Role.GRID_HEAD, Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.FIRST_SECRETARY);

	/**
	 * Who reads field logs: the governance roles of the place. A visit note about a household ("老人身体尚可") is
	 * personal information that the property company and the residents do not need (domain.md section 14); the
	 * authorization matrix showed both reading them.
	 */
	static final Set<Role> READERS = java.util.EnumSet.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT, Role.STREET_ADMIN,
			Role.COMMUNITY_STAFF, Role.FIRST_SECRETARY, Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD,
			Role.UNIT_HEAD, Role.SUNK_CADRE);
	static final int MAX_PHOTOS = 6;

	public enum Kind {
		CONDITIONS, POLICY, MEDIATION, SERVICE, EPIDEMIC, EMERGENCY
	}

	public record Log(long id, Long gridId, long nodeId, String nodePath, String kind, String note, Long careId,
			Long requestId, String loggedBy, Instant loggedAt, int photos) {
	}

	/** A stored log and whether this call stored it (false: a retry answered with the first one). */
	public record Stored(Log log, boolean created) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final RequestManagement requests;
	private final FileStorage storage;
	private final ApplicationEventPublisher events;

	FieldLogs(JdbcClient jdbc, OrganizationDirectory directory, RequestManagement requests, FileStorage storage,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.requests = requests;
		this.storage = storage;
		this.events = events;
	}

	public Stored log(Actor actor, long nodeId, Kind kind, String note, Long careId, String idempotencyKey,
			List<Upload> photos) throws IOException {
		if (idempotencyKey != null) {
			Optional<Log> earlier = byKey(actor, idempotencyKey);
			if (earlier.isPresent()) {
				return new Stored(earlier.get(), false);
			}
		}
		NodeRef place = place(actor, nodeId);
		if (careId != null) {
			String carePath = jdbc.sql("select node_path from grd_care where id = ?").param(careId).query(String.class)
				.optional().orElseThrow(() -> new InvalidFieldException("careId", "grid.error.care"));
			if (!carePath.startsWith(place.path()) && !place.path().startsWith(carePath)) {
				throw new InvalidFieldException("careId", "grid.error.care");
			}
		}
		long id = insert(actor, place, kind, note, careId, null, idempotencyKey);
		for (Upload.Stored photo : Upload.storeAll(storage, photos, 0, MAX_PHOTOS, "grid.error.tooManyPhotos")) {
			jdbc.sql("insert into grd_log_photo (log_id, log_logged_at, storage_key, content_type, size_bytes, city_id) "
					+ "select id, logged_at, ?, ?, ?, city_id from grd_log where id = ?")
				.params(photo.key(), photo.type(), photo.size(), id).update();
		}
		return new Stored(find(id).orElseThrow(), true);
	}

	/**
	 * A hazard found on the round: filed as a request at the place (channel 在场 IN_PERSON) and logged, in one
	 * transaction; the request's page links to the log and the log names the request.
	 */
	public Stored hazard(Actor actor, long nodeId, String category, String title, String description, String urgency,
			String idempotencyKey) {
		if (idempotencyKey != null) {
			Optional<Log> earlier = byKey(actor, idempotencyKey);
			if (earlier.isPresent()) {
				return new Stored(earlier.get(), false);
			}
		}
		NodeRef place = place(actor, nodeId);
		long requestId = requests.submit(actor, new RequestManagement.Submission(category, title, description, urgency,
				nodeId, "IN_PERSON", null, null, null));
		long id = insert(actor, place, Kind.CONDITIONS, "隐患：" + title.strip() + "\n" + description.strip(), null,
				requestId, idempotencyKey);
		requests.recordOrigin(requestId, "网格巡查记录 #" + id, "/grid/logs/" + id);
		return new Stored(find(id).orElseThrow(), true);
	}

	@Transactional(readOnly = true)
	public Log visible(Actor actor, long id) {
		return find(id).filter(l -> readable(actor, l)).orElseThrow(() -> new NotFoundException("log", id));
	}

	/** A hazard reported as a request is also read by the property staff who handle the request there. */
	private static boolean readable(Actor actor, Log log) {
		return actor.reaches(log.nodePath(), READERS)
				|| log.requestId() != null && actor.reaches(log.nodePath(), Set.of(Role.PROPERTY_STAFF));
	}

	/** Recent logs under a place of the reader's scope, newest first. */
	@Transactional(readOnly = true)
	public List<Log> recent(Actor actor, long nodeId, int limit) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path())
				|| actor.scopePaths(FIELD).stream().anyMatch(p -> p.startsWith(n.path())))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		return jdbc.sql(SELECT + " where l.node_path >= ? and l.node_path < ? order by l.logged_at desc, l.id desc limit ?")
			.params(node.path(), node.path() + "\uffff", limit).query(FieldLogs::map).list().stream()
			.filter(l -> readable(actor, l)).toList();
	}

	/** The logs the reader wrote, newest first (the grid worker's own day). */
	@Transactional(readOnly = true)
	public List<Log> mine(Actor actor, int limit) {
		return jdbc.sql(SELECT + " where l.logged_by = ? order by l.logged_at desc, l.id desc limit ?")
			.params(actor.username(), limit).query(FieldLogs::map).list();
	}

	@Transactional(readOnly = true)
	public String[] photo(Actor actor, long logId, long photoId) {
		visible(actor, logId);
		return jdbc.sql("select storage_key, content_type from grd_log_photo where id = ? and log_id = ?")
			.params(photoId, logId).query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) }).optional()
			.orElseThrow(() -> new NotFoundException("photo", photoId));
	}

	@Transactional(readOnly = true)
	public List<Long> photos(long logId) {
		return jdbc.sql("select id from grd_log_photo where log_id = ? order by id").param(logId).query(Long.class).list();
	}

	FileStorage storage() {
		return storage;
	}

	private NodeRef place(Actor actor, long nodeId) {
		NodeRef place = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.reaches(place.path(), FIELD)) {
			throw new ForbiddenException("grid-log");
		}
		return place;
	}

	private long insert(Actor actor, NodeRef place, Kind kind, String note, Long careId, Long requestId, String key) {
		// the log and its Idempotency-Key row in one statement: a key used before raises a unique violation (SQLSTATE
		// 23505) and neither is stored. The key has its own table because the log's is partitioned by month (V50).
		long id = jdbc.sql("""
				with log as (
				  insert into grd_log (city_id, grid_id, node_id, node_path, kind, note, care_id, request_id, logged_by,
				    logged_at, idempotency_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				  returning id, logged_at, logged_by, idempotency_key, city_id),
				key as (
				  insert into grd_log_key (logged_by, idempotency_key, log_id, logged_at, city_id)
				  select logged_by, idempotency_key, id, logged_at, city_id from log where idempotency_key is not null)
				select id from log""")
			.params(ScopeSql.cityOf(place.path()),
					directory.gridOf(place.path()).orElse(null), place.id(), place.path(), kind.name(), note.strip(), careId,
					requestId, actor.username(), Timestamp.from(Instant.now()), key)
			.query(Long.class).single();
		events.publishEvent(ActionRecorded.of(actor.username(), requestId == null ? "GRID_LOGGED" : "GRID_HAZARD_FILED",
				"grd_log", id, place.path(), kind + (requestId == null ? "" : " request " + requestId)));
		return id;
	}

	private Optional<Log> byKey(Actor actor, String key) {
		// the key's row names the log's month (V50): one partition read
		return jdbc.sql(SELECT + " join grd_log_key k on k.log_id = l.id and k.logged_at = l.logged_at and k.city_id = l.city_id"
				+ " where k.logged_by = ? and k.idempotency_key = ?").params(actor.username(), key)
			.query(FieldLogs::map).optional();
	}

	private Optional<Log> find(long id) {
		return jdbc.sql(SELECT + " where l.id = ?").param(id).query(FieldLogs::map).optional();
	}

	private static final String SELECT = """
			select l.id, l.grid_id, l.node_id, l.node_path, l.kind, l.note, l.care_id, l.request_id, l.logged_by,
			       l.logged_at, (select count(*) from grd_log_photo p where p.log_id = l.id)
			  from grd_log l""";

	private static Log map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Log(rs.getLong(1), (Long) rs.getObject(2), rs.getLong(3), rs.getString(4), rs.getString(5),
				rs.getString(6), (Long) rs.getObject(7), (Long) rs.getObject(8), rs.getString(9),
				rs.getTimestamp(10).toInstant(), rs.getInt(11));
	}
}
