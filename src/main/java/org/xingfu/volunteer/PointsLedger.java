package org.xingfu.volunteer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.matching.TwoWayLists.MatterCompleted;
import org.xingfu.wish.WishEvents.WishConfirmed;

/**
 * Awards points for what volunteers did and answers how many each has. One line per award; a second delivery of
 * the same event finds its line already there and awards nothing.
 */
@Service
public class PointsLedger {

	/** A volunteer's total and their latest awards. */
	public record Points(String username, long total, List<Award> recent) {
	}

	public record Award(int points, String reason, long sourceId, String note, java.time.Instant at) {
	}

	/** One place on a community's leaderboard; names are masked by the page for anyone who needs it. */
	public record Standing(int rank, String username, String name, long total) {
	}

	private final JdbcClient jdbc;
	private final Clock clock;
	private final int wishPoints;
	private final int matterPoints;

	PointsLedger(JdbcClient jdbc, Optional<Clock> clock, @Value("${xingfu.points.wish-fulfilled:10}") int wishPoints,
			@Value("${xingfu.points.matter-completed:20}") int matterPoints) {
		this.jdbc = jdbc;
		this.clock = clock.orElse(Clock.systemUTC());
		this.wishPoints = wishPoints;
		this.matterPoints = matterPoints;
	}

	/** A confirmed practical matter earns the liaison who claimed it for the unit; the unit's name shows. */
	@ApplicationModuleListener
	void on(MatterCompleted event) {
		if (event.claimedBy() == null) {
			return;
		}
		jdbc.sql("""
				insert into vol_points (username, person_id, name, community_id, points, reason, source_id, note, awarded_at,
				  city_id)
				select ?, null, ?, id, ?, 'MATTER_COMPLETED', ?, ?, ?, city_id from org_node where id = ?
				on conflict (username, reason, source_id, city_id) do nothing""")
			.params(event.claimedBy(), event.unitName(), matterPoints, event.demandId(), event.title(),
					Timestamp.from(clock.instant()), event.communityId())
			.update();
	}

	@ApplicationModuleListener
	void on(WishConfirmed event) {
		for (var claimant : event.claimants()) {
			jdbc.sql("""
					insert into vol_points (username, person_id, name, community_id, points, reason, source_id, note,
					  awarded_at, city_id)
					select ?, ?, ?, id, ?, 'WISH_FULFILLED', ?, ?, ?, city_id from org_node where id = ?
					on conflict (username, reason, source_id, city_id) do nothing""")
				.params(claimant.username(), claimant.personId(), claimant.name(), wishPoints, event.wishId(),
						event.title(), Timestamp.from(clock.instant()), event.communityId())
				.update();
		}
	}

	@Transactional(readOnly = true)
	public Points of(String username) {
		long total = jdbc.sql("select coalesce(sum(points), 0) from vol_points where username = ?").param(username)
			.query(Long.class).single();
		List<Award> recent = jdbc.sql("""
				select points, reason, source_id, note, awarded_at from vol_points where username = ?
				 order by id desc limit 20""")
			.param(username)
			.query((rs, i) -> new Award(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
		return new Points(username, total, recent);
	}

	/** Points earned in a community, highest first (ties share a rank). */
	@Transactional(readOnly = true)
	/** The communities where this volunteer earned points: the places whose staff may read them. */
	public List<Long> communitiesOf(String username) {
		return jdbc.sql("select distinct community_id from vol_points where username = ? and community_id is not null")
			.param(username).query(Long.class).list();
	}

	public List<Standing> leaderboard(long communityId, int limit) {
		return jdbc.sql("""
				select rank() over (order by sum(points) desc)::int, username, max(name), sum(points)
				  from vol_points where community_id = ? group by username order by 1, 2 limit ?""")
			.params(communityId, limit)
			.query((rs, i) -> new Standing(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
			.list();
	}
}
