package org.xingfu.campaign;

import java.sql.Timestamp;
import java.time.Instant;
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
 * 指挥调度: a message from the command to the grid workers of an area (for a campaign or on its own); each recipient
 * acknowledges it, and the sender sees who has and who has not.
 */
@Service
@Transactional
public class Dispatches {

	public record Dispatch(long id, Long campaignId, long nodeId, String nodePath, String message, String sentBy,
			Instant sentAt, int recipients, int acknowledged) {
	}

	public record Recipient(long personId, String name, Instant ackedAt) {
	}

	/** Sent after the commit: the notification module tells every recipient. */
	public record DispatchSent(long dispatchId, List<Long> recipients, String message) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final Campaigns campaigns;
	private final ApplicationEventPublisher events;

	Dispatches(JdbcClient jdbc, OrganizationDirectory directory, Campaigns campaigns, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.campaigns = campaigns;
		this.events = events;
	}

	public long send(Actor actor, Long campaignId, long nodeId, String message) {
		if (campaignId != null) {
			campaigns.visible(actor, campaignId);
		}
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.canRead(n.path()))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!actor.reaches(node.path(), Campaigns.ORGANISERS)) {
			throw new ForbiddenException("dispatch");
		}
		List<Long> recipients = directory.gridWorkersUnder(node.path());
		if (recipients.isEmpty()) {
			throw new InvalidFieldException("nodeId", "campaign.error.noGridWorkers");
		}
		long city = ScopeSql.cityOf(node.path());
		long id = jdbc.sql("""
				insert into cmp_dispatch (campaign_id, node_id, node_path, message, sent_by, city_id)
				values (?, ?, ?, ?, ?, ?) returning id""")
			.params(campaignId, nodeId, node.path(), message.strip(), actor.username(), city)
			.query(Long.class).single();
		for (long person : recipients) {
			jdbc.sql("insert into cmp_dispatch_recipient (dispatch_id, person_id, city_id) values (?, ?, ?)")
				.params(id, person, city).update();
		}
		events.publishEvent(new DispatchSent(id, recipients, message.strip()));
		events.publishEvent(ActionRecorded.of(actor.username(), "DISPATCH_SENT", "cmp_dispatch", id, node.path(),
				recipients.size() + " recipients"));
		return id;
	}

	/** The recipient acknowledges; twice is once. */
	public Dispatch acknowledge(Actor actor, long id) {
		if (actor.personId() == null) {
			throw new NotFoundException("dispatch", id);
		}
		boolean recipient = jdbc.sql("select count(*) from cmp_dispatch_recipient where dispatch_id = ? and person_id = ?")
			.params(id, actor.personId()).query(Integer.class).single() == 1;
		if (!recipient) {
			if (find(id).filter(d -> actor.canRead(d.nodePath())).isPresent()) {
				throw new ConflictException("campaign.error.notRecipient");
			}
			throw new NotFoundException("dispatch", id);
		}
		// the time as a value, not now(): Citus takes no stable function inside coalesce in an update (ADR 0016)
		jdbc.sql("update cmp_dispatch_recipient set acked_at = coalesce(acked_at, ?) where dispatch_id = ? and person_id = ?")
			.params(Timestamp.from(Instant.now()), id, actor.personId()).update();
		return find(id).orElseThrow();
	}

	/** A dispatch its sender's staff or one of its recipients may see. */
	@Transactional(readOnly = true)
	public Dispatch visible(Actor actor, long id) {
		return find(id).filter(d -> actor.canRead(d.nodePath()) || isRecipient(actor, id))
			.orElseThrow(() -> new NotFoundException("dispatch", id));
	}

	@Transactional(readOnly = true)
	public List<Recipient> recipients(long id) {
		return jdbc.sql("""
				select r.person_id, p.name, r.acked_at from cmp_dispatch_recipient r join org_person p on p.id = r.person_id and p.city_id = r.city_id
				 where r.dispatch_id = ? order by r.acked_at nulls first, p.name""").param(id)
			.query((rs, i) -> new Recipient(rs.getLong(1), rs.getString(2),
					rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).list();
	}

	/** Dispatches to the reader, newest first. */
	@Transactional(readOnly = true)
	public List<Dispatch> mine(Actor actor) {
		if (actor.personId() == null) {
			return List.of();
		}
		return jdbc.sql("select dispatch_id from cmp_dispatch_recipient where person_id = ? order by dispatch_id desc limit 50")
			.param(actor.personId()).query(Long.class).list().stream().map(this::find).flatMap(Optional::stream).toList();
	}

	@Transactional(readOnly = true)
	public List<Dispatch> ofCampaign(long campaignId) {
		return jdbc.sql("select id from cmp_dispatch where campaign_id = ? order by id desc").param(campaignId)
			.query(Long.class).list().stream().map(this::find).flatMap(Optional::stream).toList();
	}

	@Transactional(readOnly = true)
	public boolean isRecipient(Actor actor, long id) {
		return actor.personId() != null && jdbc.sql("select count(*) from cmp_dispatch_recipient where dispatch_id = ? and person_id = ?")
			.params(id, actor.personId()).query(Integer.class).single() == 1;
	}

	private Optional<Dispatch> find(long id) {
		return jdbc.sql("""
				select d.id, d.campaign_id, d.node_id, d.node_path, d.message, d.sent_by, d.sent_at,
				       (select count(*) from cmp_dispatch_recipient r where r.dispatch_id = d.id and r.city_id = d.city_id),
				       (select count(*) from cmp_dispatch_recipient r where r.dispatch_id = d.id and r.city_id = d.city_id and r.acked_at is not null)
				  from cmp_dispatch d where d.id = ?""").param(id)
			.query((rs, i) -> new Dispatch(rs.getLong(1), (Long) rs.getObject(2), rs.getLong(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getInt(8), rs.getInt(9)))
			.optional();
	}
}
