package org.xingfu.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.xingfu.request.RequestTypes.Channel;
import org.xingfu.request.RequestTypes.Level;
import org.xingfu.request.RequestTypes.Satisfaction;
import org.xingfu.request.RequestTypes.Status;
import org.xingfu.request.RequestTypes.Urgency;

@Repository
class RequestRepository {

	static final String COLUMNS = """
			id, city_id, node_id, node_path, compound_id, level, level_node_id, category, urgency, title, description,
			status, channel, submitted_by, resident_person_id, resident_name, resident_phone, contact_preference,
			owner_username, first_accept_due_at, accept_due_at, resolve_due_at, first_accepted_at, accepted_at,
			resolved_at, confirmed_at, closed_at, satisfaction, merged_into, submitted_at, level_entered_at, version""";

	/** One line of the timeline. */
	record Event(long id, Instant at, String actor, String type, String fromStatus, String toStatus, String note,
			boolean internal, String target) {
	}

	private final JdbcClient jdbc;

	RequestRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Request> find(long id) {
		return jdbc.sql("select " + COLUMNS + " from req_request where id = ?").param(id)
			.query(RequestRepository::map).optional();
	}

	/**
	 * Stores a new request together with the first line of its timeline (SUBMITTED, by the submitter, noting the
	 * channel), in one statement: filing is the hottest write of the platform and one round trip fewer shows.
	 */
	long insertSubmitted(Request r) {
		return jdbc.sql("""
				with filed as (
				  insert into req_request (city_id, node_id, node_path, compound_id, level, level_node_id, category, urgency,
				    title, description, status, channel, submitted_by, resident_person_id, resident_name, resident_phone,
				    contact_preference, first_accept_due_at, accept_due_at, resolve_due_at, submitted_at, level_entered_at,
				    updated_at)
				  values (:city, :node, :path, :compound, :level, :levelNode, :category, :urgency, :title, :description,
				    'SUBMITTED', :channel, :by, :person, :name, :phone, :contact, :acceptDue, :acceptDue, :resolveDue, :at, :at,
				    :at)
				  returning id, submitted_at, submitted_by, channel),
				line as (
				  insert into req_event (request_id, request_submitted_at, at, actor, type, from_status, to_status, note,
				    internal, target, city_id)
				  select id, submitted_at, submitted_at, submitted_by, 'SUBMITTED', null, 'SUBMITTED', channel, false, null,
				         :city
				    from filed)
				select id from filed""")
			.param("city", r.cityId())
			.param("node", r.nodeId())
			.param("path", r.nodePath())
			.param("compound", r.compoundId())
			.param("level", r.level().name())
			.param("levelNode", r.levelNodeId())
			.param("category", r.category())
			.param("urgency", r.urgency().name())
			.param("title", r.title())
			.param("description", r.description())
			.param("channel", r.channel().name())
			.param("by", r.submittedBy())
			.param("person", r.residentPersonId())
			.param("name", r.residentName())
			.param("phone", r.residentPhone())
			.param("contact", r.contactPreference())
			.param("acceptDue", ts(r.acceptDueAt()))
			.param("resolveDue", ts(r.resolveDueAt()))
			.param("at", ts(r.submittedAt()))
			.query(Long.class)
			.single();
	}

	void event(Request r, Instant at, String actor, String type, Status from, Status to, String note,
			boolean internal, String target) {
		jdbc.sql("""
				insert into req_event (request_id, request_submitted_at, at, actor, type, from_status, to_status, note,
				  internal, target, city_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(r.id(), ts(r.submittedAt()), ts(at), actor, type, from == null ? null : from.name(),
					to == null ? null : to.name(), note, internal, target, r.cityId())
			.update();
	}

	List<Event> timeline(long requestId, boolean includeInternal) {
		// the months since the case was filed only: the timeline is partitioned by month (V48)
		return jdbc.sql("select id, at, actor, type, from_status, to_status, note, internal, target from req_event "
				+ "where request_id = ? and at >= (select submitted_at from req_request where id = ?) "
				+ (includeInternal ? "" : "and not internal ") + "order by id")
			.params(requestId, requestId)
			.query((rs, i) -> new Event(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
					rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
					rs.getString(9)))
			.list();
	}

	/**
	 * Applies a change only if the request is still in the state the decision was made on (status and version),
	 * so of two staff accepting at the same moment exactly one wins.
	 */
	boolean update(long id, int version, String assignments, Object... params) {
		Object[] all = new Object[params.length + 2];
		System.arraycopy(params, 0, all, 0, params.length);
		all[params.length] = id;
		all[params.length + 1] = version;
		return jdbc.sql("update req_request set " + assignments + ", version = version + 1, updated_at = now() "
				+ "where id = ? and version = ?").params(all).update() == 1;
	}

	static Timestamp ts(Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	private static Long longOrNull(ResultSet rs, String column) throws SQLException {
		long v = rs.getLong(column);
		return rs.wasNull() ? null : v;
	}

	static Request map(ResultSet rs, int i) throws SQLException {
		String satisfaction = rs.getString("satisfaction");
		return new Request(rs.getLong("id"), rs.getLong("city_id"), rs.getLong("node_id"), rs.getString("node_path"),
				rs.getLong("compound_id"), Level.valueOf(rs.getString("level")), rs.getLong("level_node_id"),
				rs.getString("category"), Urgency.valueOf(rs.getString("urgency")), rs.getString("title"),
				rs.getString("description"), Status.valueOf(rs.getString("status")),
				Channel.valueOf(rs.getString("channel")), rs.getString("submitted_by"),
				longOrNull(rs, "resident_person_id"), rs.getString("resident_name"), rs.getString("resident_phone"),
				rs.getString("contact_preference"), rs.getString("owner_username"),
				instant(rs, "first_accept_due_at"), instant(rs, "accept_due_at"), instant(rs, "resolve_due_at"),
				instant(rs, "first_accepted_at"), instant(rs, "accepted_at"), instant(rs, "resolved_at"),
				instant(rs, "confirmed_at"), instant(rs, "closed_at"),
				satisfaction == null ? null : Satisfaction.valueOf(satisfaction), longOrNull(rs, "merged_into"),
				instant(rs, "submitted_at"), instant(rs, "level_entered_at"), rs.getInt("version"));
	}
}
