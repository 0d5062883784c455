package org.xingfu.deliberation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
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
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/** Topics (议题): proposal, residents' support up to the threshold, and acceptance onto the agenda. */
@Service
@Transactional
public class Topics {

	static final Set<Role> HEADS = EnumSet.of(Role.GRID_HEAD, Role.BUILDING_HEAD, Role.UNIT_HEAD);

	/** Who accepts a topic for the agenda without waiting for support: the committee's side. */
	static final Set<Role> COMMITTEE = EnumSet.of(Role.FIRST_SECRETARY, Role.COMMUNITY_STAFF, Role.STREET_ADMIN,
			Role.CITY_ADMIN);

	public record Topic(long id, long compoundId, String nodePath, String title, String description, String proposedBy,
			String proposerKind, String status, int supporters, String agendaReason, Instant agendaAt,
			Instant createdAt) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final Clock clock;
	private final int threshold;

	Topics(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events, Optional<Clock> clock,
			@Value("${xingfu.deliberation.support-threshold:10}") int threshold) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
		this.threshold = threshold;
	}

	public int threshold() {
		return threshold;
	}

	/** A resident proposes for their own compound; the 三长, the branch and staff for a compound in their area. */
	public long propose(Actor actor, Long compoundId, String title, String description) {
		NodeRef compound = compound(actor, compoundId);
		String kind = residentOf(actor, compound.path()) && compoundId == null ? "RESIDENT"
				: actor.reaches(compound.path(), HEADS) ? "HEADS"
						: actor.reaches(compound.path(), EnumSet.of(Role.FIRST_SECRETARY)) ? "BRANCH"
								: actor.reaches(compound.path(), COMMITTEE) ? "STAFF"
										: residentOf(actor, compound.path()) ? "RESIDENT" : null;
		if (kind == null) {
			throw new NotFoundException("compound", compound.id());
		}
		long id = jdbc.sql("""
				insert into dlb_topic (city_id, compound_id, node_path, title, description, proposed_by, proposer_kind,
				  status, created_at)
				values (?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compound.id(), compound.path(),
					title.strip(), description.strip(), actor.username(), kind, Timestamp.from(clock.instant()))
			.query(Long.class).single();
		events.publishEvent(ActionRecorded.of(actor.username(), "TOPIC_PROPOSED", "topic", id, compound.path(), title));
		return id;
	}

	/**
	 * 附议: a resident of the compound supports a topic, once; the proposer's own support does not count. At the
	 * threshold the topic goes on the agenda. The topic row is locked, so simultaneous supports all count exactly.
	 */
	public Topic support(Actor actor, long id) {
		Topic t = locked(actor, id);
		if (!residentOf(actor, t.nodePath())) {
			throw new ForbiddenException("support");
		}
		if (t.proposedBy().equals(actor.username())) {
			throw new ConflictException("topic.error.own");
		}
		int added = jdbc.sql("""
				insert into dlb_support (topic_id, username, supported_at, city_id)
				select id, ?, ?, city_id from dlb_topic where id = ? on conflict do nothing""")
			.params(actor.username(), Timestamp.from(clock.instant()), id).update();
		if (added == 0) {
			throw new ConflictException("topic.error.supported");
		}
		int supporters = t.supporters() + 1;
		boolean reaches = "PROPOSED".equals(t.status()) && supporters >= threshold;
		jdbc.sql("""
				update dlb_topic set supporters = ?,
				  status = case when ? then 'AGENDA' else status end,
				  agenda_reason = case when ? then 'THRESHOLD' else agenda_reason end,
				  agenda_at = case when ? then ? else agenda_at end
				 where id = ?""")
			.params(supporters, reaches, reaches, reaches, Timestamp.from(clock.instant()), id).update();
		return forViewer(actor, find(id).orElseThrow());
	}

	/** The committee puts a topic on the agenda without waiting for the threshold. */
	public Topic accept(Actor actor, long id) {
		Topic t = locked(actor, id);
		if (!actor.reaches(t.nodePath(), COMMITTEE)) {
			throw new ForbiddenException("accept");
		}
		if (!"PROPOSED".equals(t.status())) {
			throw new ConflictException("topic.error.onAgenda");
		}
		jdbc.sql("update dlb_topic set status = 'AGENDA', agenda_reason = 'COMMITTEE', agenda_at = ? where id = ?")
			.params(Timestamp.from(clock.instant()), id).update();
		events.publishEvent(ActionRecorded.of(actor.username(), "TOPIC_ACCEPTED", "topic", id, t.nodePath(), null));
		return find(id).orElseThrow();
	}

	/** Topics of the compounds the actor may see (as staff, or as a resident there), newest first. */
	@Transactional(readOnly = true)
	public List<Topic> list(Actor actor, String status) {
		return jdbc.sql("select * from dlb_topic where (? = '' or status = ?) order by id desc limit 1000")
			.params(status == null ? "" : status, status == null ? "" : status).query(Topics::map).list().stream()
			.filter(t -> mayRead(actor, t.nodePath())).limit(200).map(t -> forViewer(actor, t)).toList();
	}

	@Transactional(readOnly = true)
	public Topic visible(Actor actor, long id) {
		return find(id).filter(t -> mayRead(actor, t.nodePath())).map(t -> forViewer(actor, t))
			.orElseThrow(() -> new NotFoundException("topic", id));
	}

	/**
	 * Neighbours see what is proposed, not by whom: an account name may name a flat. The proposer and the staff of
	 * the compound see the proposer.
	 */
	static Topic forViewer(Actor actor, Topic t) {
		if (actor.username().equals(t.proposedBy()) || actor.reaches(t.nodePath(), Role.STAFF)) {
			return t;
		}
		return new Topic(t.id(), t.compoundId(), t.nodePath(), t.title(), t.description(), null, t.proposerKind(),
				t.status(), t.supporters(), t.agendaReason(), t.agendaAt(), t.createdAt());
	}

	static boolean residentOf(Actor actor, String compoundPath) {
		return actor.grants().stream().filter(g -> g.role() == Role.RESIDENT).flatMap(g -> g.scopePaths().stream())
			.anyMatch(home -> home.startsWith(compoundPath));
	}

	static boolean mayRead(Actor actor, String compoundPath) {
		return actor.canRead(compoundPath) || residentOf(actor, compoundPath);
	}

	private NodeRef compound(Actor actor, Long compoundId) {
		if (compoundId == null) {
			String home = actor.grants().stream().filter(g -> g.role() == Role.RESIDENT)
				.flatMap(g -> g.scopePaths().stream()).findFirst()
				.orElseThrow(() -> new InvalidFieldException("compoundId", "topic.error.compound"));
			long id = Long.parseLong(home.substring(1).split("/")[3]);
			return directory.findNode(id).orElseThrow();
		}
		return directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> mayRead(actor, n.path())).orElseThrow(() -> new NotFoundException("compound", compoundId));
	}

	private Optional<Topic> find(long id) {
		return jdbc.sql("select * from dlb_topic where id = ?").param(id).query(Topics::map).optional();
	}

	private Topic locked(Actor actor, long id) {
		return jdbc.sql("select * from dlb_topic where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Topics::map).optional()
			.filter(t -> mayRead(actor, t.nodePath())).orElseThrow(() -> new NotFoundException("topic", id));
	}

	static Topic map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Topic(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("node_path"), rs.getString("title"),
				rs.getString("description"), rs.getString("proposed_by"), rs.getString("proposer_kind"),
				rs.getString("status"), rs.getInt("supporters"), rs.getString("agenda_reason"),
				rs.getTimestamp("agenda_at") == null ? null : rs.getTimestamp("agenda_at").toInstant(),
				rs.getTimestamp("created_at").toInstant());
	}
}
