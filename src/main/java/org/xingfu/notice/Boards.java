package org.xingfu.notice;

import java.sql.Timestamp;
import java.time.Clock;
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
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.ScopeSql;

/** The register of physical notice boards (公示图板) in the compounds. */
@Service
@Transactional
public class Boards {

	public record Board(long id, long compoundId, String nodePath, String name, String place, Instant createdAt) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final Clock clock;

	Boards(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** Staff who publish notices in a compound register its boards. */
	public long register(Actor actor, long compoundId, String name, String place) {
		NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.canRead(n.path())).orElseThrow(() -> new NotFoundException("compound", compoundId));
		if (!actor.reaches(compound.path(), Notices.PUBLISHERS)) {
			throw new ForbiddenException("board");
		}
		long id = jdbc.sql("""
				insert into ntc_board (city_id, compound_id, node_path, name, place, created_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compound.id(), compound.path(),
					name.strip(), place.strip(), actor.username(), Timestamp.from(clock.instant()))
			.query(Long.class).single();
		events.publishEvent(ActionRecorded.of(actor.username(), "BOARD_REGISTERED", "board", id, compound.path(), name));
		return id;
	}

	/** The boards of the actor's area, by compound. */
	@Transactional(readOnly = true)
	public List<Board> list(Actor actor, int limit) {
		ScopeSql.Fragment within = ScopeSql.within("node_path", actor.scopePaths(Notices.PUBLISHERS), "s");
		return jdbc.sql("select * from ntc_board where " + within.sql() + " order by node_path, id limit :limit")
			.params(within.params()).param("limit", limit).query(Boards::map).list();
	}

	/** Anyone may look a board up: its name and place are printed on it. */
	@Transactional(readOnly = true)
	public Optional<Board> find(long id) {
		return jdbc.sql("select * from ntc_board where id = ?").param(id).query(Boards::map).optional();
	}

	/** A board the actor may print a poster for. */
	@Transactional(readOnly = true)
	public Board managed(Actor actor, long id) {
		return find(id).filter(b -> actor.reaches(b.nodePath(), Notices.PUBLISHERS))
			.orElseThrow(() -> new NotFoundException("board", id));
	}

	private static Board map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Board(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("node_path"), rs.getString("name"),
				rs.getString("place"), rs.getTimestamp("created_at").toInstant());
	}
}
