package org.xingfu.grid;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.ScopeSql;

/**
 * 矛盾纠纷: a dispute at a place with its parties, the mediation sessions, then an agreement (调解协议) or a failed
 * mediation with its outcome, and a follow-up visit on the date set, after which it is closed.
 */
@Service
@Transactional
public class Disputes {

	public enum Kind {
		NEIGHBOUR, FAMILY, PROPERTY, LABOUR, OTHER
	}

	public record Dispute(long id, long nodeId, String nodePath, String title, String kind, String parties,
			String status, String agreement, String outcome, LocalDate followUpOn, Instant followedUpAt,
			String followUpNote, String createdBy, Instant createdAt) {
	}

	public record Session(long id, LocalDate heldOn, String note, String heldBy) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;

	Disputes(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
	}

	public long open(Actor actor, long nodeId, String title, Kind kind, String parties) {
		NodeRef place = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.reaches(place.path(), FieldLogs.FIELD)) {
			throw new ForbiddenException("dispute-open");
		}
		long id = jdbc.sql("""
				insert into grd_dispute (city_id, grid_id, node_id, node_path, title, kind, parties, status, created_by)
				values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) returning id""")
			.params(ScopeSql.cityOf(place.path()),
					directory.gridOf(place.path()).orElse(null), nodeId, place.path(), title.strip(), kind.name(),
					parties.strip(), actor.username())
			.query(Long.class).single();
		audit(actor, "DISPUTE_OPENED", id, place.path());
		return id;
	}

	public long session(Actor actor, long id, LocalDate heldOn, String note) {
		Dispute d = managed(actor, id);
		requireStatus(d, "OPEN");
		if (heldOn.isAfter(LocalDate.now(CareResidents.CHINA))) {
			throw new InvalidFieldException("heldOn", "grid.error.future");
		}
		return jdbc.sql("insert into grd_dispute_session (dispute_id, held_on, note, held_by, city_id) "
				+ "select id, ?, ?, ?, city_id from grd_dispute where id = ? returning id")
			.params(heldOn, note.strip(), actor.username(), id).query(Long.class).single();
	}

	/** The mediation ends: agreed (with the agreement's terms) or failed (with the outcome, for example referred to court). */
	public Dispute conclude(Actor actor, long id, boolean agreed, String text, LocalDate followUpOn) {
		Dispute d = managed(actor, id);
		requireStatus(d, "OPEN");
		if (sessions(id).isEmpty()) {
			throw new ConflictException("grid.error.noSession");
		}
		if (followUpOn != null && followUpOn.isBefore(LocalDate.now(CareResidents.CHINA))) {
			throw new InvalidFieldException("followUpOn", "grid.error.past");
		}
		jdbc.sql("""
				update grd_dispute set status = ?, agreement = ?, outcome = ?, follow_up_on = ? where id = ?""")
			.params(agreed ? "AGREED" : "FAILED", agreed ? text.strip() : null, agreed ? null : text.strip(), followUpOn, id)
			.update();
		audit(actor, agreed ? "DISPUTE_AGREED" : "DISPUTE_FAILED", id, d.nodePath());
		return find(id).orElseThrow();
	}

	/** The follow-up visit: the agreement is kept (or not); the dispute is closed. */
	public Dispute followUp(Actor actor, long id, String note) {
		Dispute d = managed(actor, id);
		requireStatus(d, "AGREED", "FAILED");
		jdbc.sql("update grd_dispute set status = 'CLOSED', followed_up_at = now(), follow_up_note = ? where id = ?")
			.params(note.strip(), id).update();
		audit(actor, "DISPUTE_CLOSED", id, d.nodePath());
		return find(id).orElseThrow();
	}

	@Transactional(readOnly = true)
	public Dispute visible(Actor actor, long id) {
		return find(id).filter(d -> readable(actor, d)).orElseThrow(() -> new NotFoundException("dispute", id));
	}

	/**
	 * A neighbours' dispute is read by the governance roles of its place (as field logs) and by the residents of the
	 * household it was opened at, a party to it; not by the property company (the authorization matrix showed it).
	 */
	private static boolean readable(Actor actor, Dispute d) {
		return actor.reaches(d.nodePath(), FieldLogs.READERS)
				|| actor.reaches(d.nodePath(), java.util.Set.of(org.xingfu.shared.Role.RESIDENT));
	}

	@Transactional(readOnly = true)
	public List<Dispute> under(Actor actor, String path, boolean openOnly) {
		return jdbc.sql("select * from grd_dispute where node_path >= ? and node_path < ?"
				+ (openOnly ? " and status <> 'CLOSED'" : "") + " order by created_at desc limit 200")
			.params(path, path + "\uffff").query(this::map).list().stream().filter(d -> readable(actor, d)).toList();
	}

	@Transactional(readOnly = true)
	public List<Session> sessions(long id) {
		return jdbc.sql("select id, held_on, note, held_by from grd_dispute_session where dispute_id = ? order by held_on, id")
			.param(id).query((rs, i) -> new Session(rs.getLong(1), rs.getDate(2).toLocalDate(), rs.getString(3),
					rs.getString(4))).list();
	}

	private Dispute managed(Actor actor, long id) {
		jdbc.sql("select id from grd_dispute where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Long.class).optional();
		Dispute d = visible(actor, id);
		if (!actor.reaches(d.nodePath(), FieldLogs.FIELD)) {
			throw new ForbiddenException("dispute-manage");
		}
		return d;
	}

	private static void requireStatus(Dispute d, String... allowed) {
		for (String s : allowed) {
			if (s.equals(d.status())) {
				return;
			}
		}
		throw new ConflictException("grid.error.disputeStatus");
	}

	private Optional<Dispute> find(long id) {
		return jdbc.sql("select * from grd_dispute where id = ?").param(id).query(this::map).optional();
	}

	private Dispute map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		java.sql.Date follow = rs.getDate("follow_up_on");
		java.sql.Timestamp followed = rs.getTimestamp("followed_up_at");
		return new Dispute(rs.getLong("id"), rs.getLong("node_id"), rs.getString("node_path"), rs.getString("title"),
				rs.getString("kind"), rs.getString("parties"), rs.getString("status"), rs.getString("agreement"),
				rs.getString("outcome"), follow == null ? null : follow.toLocalDate(),
				followed == null ? null : followed.toInstant(), rs.getString("follow_up_note"), rs.getString("created_by"),
				rs.getTimestamp("created_at").toInstant());
	}

	private void audit(Actor actor, String action, long id, String path) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "grd_dispute", id, path, null));
	}
}
