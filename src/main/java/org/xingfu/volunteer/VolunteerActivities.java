package org.xingfu.volunteer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
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

/** Volunteer profiles, teams and activities: sign-up, check-in at the site, and hours credited when closed. */
@Service
@Transactional
public class VolunteerActivities {

	/** Who organises teams and activities for a community. */
	static final Set<Role> ORGANISERS = EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.CITY_ADMIN,
			Role.FIRST_SECRETARY);

	public record Profile(String username, String name, String skills, Instant joinedAt) {
	}

	public record Team(long id, long communityId, String name, String leaderUsername, List<String> members) {
	}

	public record Activity(long id, long communityId, String nodePath, Long teamId, String title, String description,
			String place, Instant startsAt, BigDecimal hours, int capacity, String status, String checkInCode,
			String createdBy, int signedUp, int checkedIn) {
	}

	public record Signup(String username, String name, Instant signedUpAt, Instant checkedInAt) {
	}

	/** Volunteer work in an area: activities held (closed) and the hours attended volunteers served. */
	public record VolunteerFigures(long activities, BigDecimal hours, long volunteers) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final Clock clock;
	private final int pointsPerHour;

	VolunteerActivities(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events,
			Optional<Clock> clock, @Value("${xingfu.points.per-activity-hour:5}") int pointsPerHour) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.clock = clock.orElse(Clock.systemUTC());
		this.pointsPerHour = pointsPerHour;
	}

	/** Registers the actor as a volunteer (志愿者注册); a second registration only updates the skills. */
	public void join(Actor actor, String skills) {
		jdbc.sql("""
				insert into vol_profile (username, person_id, name, skills, joined_at, city_id)
				select ?, ?, ?, ?, ?, city_id from idn_account where id = ?
				on conflict (username, city_id) do update set skills = excluded.skills""")
			.params(actor.username(), actor.personId(), actor.displayName(), blankToNull(skills),
					Timestamp.from(clock.instant()), actor.accountId())
			.update();
	}

	@Transactional(readOnly = true)
	public Optional<Profile> profile(String username) {
		return jdbc.sql("select username, name, skills, joined_at from vol_profile where username = ?").param(username)
			.query((rs, i) -> new Profile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
			.optional();
	}

	/** A team (服务小分队) of a community, led by a registered volunteer. */
	public long createTeam(Actor actor, long communityId, String name, String leader) {
		NodeRef community = community(actor, communityId);
		requireProfile(leader, "leaderUsername");
		long id = jdbc.sql("""
				insert into vol_team (community_id, node_path, name, leader_username, created_by, created_at, city_id)
				values (?, ?, ?, ?, ?, ?, ?) returning id""")
			.params(community.id(), community.path(), name.strip(), leader.strip(), actor.username(),
					Timestamp.from(clock.instant()), ScopeSql.cityOf(community.path()))
			.query(Long.class).single();
		addMember(id, leader.strip());
		audit(actor, "VOLUNTEER_TEAM_CREATED", id, community.path(), name);
		return id;
	}

	/** The leader or the community's organisers add a registered volunteer to a team. */
	public void addMember(Actor actor, long teamId, String username) {
		Team team = team(teamId).orElseThrow(() -> new NotFoundException("team", teamId));
		String path = directory.findNode(team.communityId()).map(NodeRef::path).orElseThrow();
		if (!actor.username().equals(team.leaderUsername()) && !actor.reaches(path, ORGANISERS)) {
			throw new NotFoundException("team", teamId);
		}
		requireProfile(username, "username");
		if (team.members().contains(username.strip())) {
			throw new ConflictException("volunteer.error.member");
		}
		addMember(teamId, username.strip());
	}

	private void addMember(long teamId, String username) {
		jdbc.sql("insert into vol_team_member (team_id, username, joined_at, city_id) "
				+ "select id, ?, ?, city_id from vol_team where id = ?")
			.params(username, Timestamp.from(clock.instant()), teamId).update();
	}

	/** An activity of a community, by its organisers or a team leader of that community. */
	public long createActivity(Actor actor, long communityId, Long teamId, String title, String description,
			String place, Instant startsAt, BigDecimal hours, int capacity) {
		NodeRef community = directory.findNode(communityId).filter(n -> n.type() == NodeType.COMMUNITY)
			.orElseThrow(() -> new NotFoundException("community", communityId));
		boolean leader = teamId != null && team(teamId).filter(t -> t.communityId() == communityId)
			.map(t -> t.leaderUsername().equals(actor.username())).orElse(false);
		if (!leader && !actor.reaches(community.path(), ORGANISERS)) {
			throw new NotFoundException("community", communityId);
		}
		if (teamId != null && team(teamId).filter(t -> t.communityId() == communityId).isEmpty()) {
			throw new InvalidFieldException("teamId", "volunteer.error.team");
		}
		if (startsAt.isBefore(clock.instant().minusSeconds(3600))) {
			throw new InvalidFieldException("startsAt", "matching.error.past");
		}
		String code = HexFormat.of().formatHex(bytes(12));
		long id = jdbc.sql("""
				insert into vol_activity (community_id, node_path, team_id, title, description, place, starts_at, hours,
				  capacity, status, check_in_code, created_by, created_at, city_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?) returning id""")
			.params(community.id(), community.path(), teamId, title.strip(), description.strip(), place.strip(),
					Timestamp.from(startsAt), hours, capacity, code, actor.username(), Timestamp.from(clock.instant()),
					ScopeSql.cityOf(community.path()))
			.query(Long.class).single();
		audit(actor, "VOLUNTEER_ACTIVITY_CREATED", id, community.path(), title);
		return id;
	}

	/** 报名: a registered volunteer takes a place; the activity row is locked so it never takes more than it holds. */
	public void signUp(Actor actor, long activityId) {
		Activity a = locked(actor, activityId);
		Profile profile = profile(actor.username()).orElseThrow(() -> new ConflictException("volunteer.error.profile"));
		if (!"OPEN".equals(a.status())) {
			throw new ConflictException("volunteer.error.closed");
		}
		if (signups(activityId).stream().anyMatch(s -> s.username().equals(actor.username()))) {
			throw new ConflictException("volunteer.error.signedUp");
		}
		if (a.signedUp() >= a.capacity()) {
			throw new ConflictException("volunteer.error.full");
		}
		jdbc.sql("insert into vol_signup (activity_id, username, person_id, name, signed_up_at, city_id) "
				+ "select id, ?, ?, ?, ?, city_id from vol_activity where id = ?")
			.params(actor.username(), actor.personId(), profile.name(), Timestamp.from(clock.instant()), activityId)
			.update();
	}

	/** 扫码签到: the signed-up volunteer scans the code shown at the site. */
	public void checkIn(Actor actor, long activityId, String code) {
		Activity a = locked(actor, activityId);
		if (!a.checkInCode().equals(code)) {
			throw new InvalidFieldException("code", "volunteer.error.code");
		}
		if (!"OPEN".equals(a.status())) {
			throw new ConflictException("volunteer.error.closed");
		}
		int updated = jdbc.sql("""
				update vol_signup set checked_in_at = coalesce(checked_in_at, ?) where activity_id = ? and username = ?""")
			.params(Timestamp.from(clock.instant()), activityId, actor.username()).update();
		if (updated == 0) {
			throw new ConflictException("volunteer.error.notSignedUp");
		}
	}

	/** 结束: the organiser closes the activity; everyone checked in is credited its hours and points. */
	public int close(Actor actor, long activityId) {
		Activity a = locked(actor, activityId);
		if (!mayOrganise(actor, a)) {
			throw new ForbiddenException("close");
		}
		if (!"OPEN".equals(a.status())) {
			throw new ConflictException("volunteer.error.closed");
		}
		Instant now = clock.instant();
		jdbc.sql("update vol_activity set status = 'CLOSED', closed_at = ? where id = ?")
			.params(Timestamp.from(now), activityId).update();
		int points = a.hours().multiply(BigDecimal.valueOf(pointsPerHour)).setScale(0, RoundingMode.HALF_UP).intValue();
		int credited = jdbc.sql("""
				insert into vol_points (username, person_id, name, community_id, points, reason, source_id, note, awarded_at,
				  city_id)
				select username, person_id, name, ?, ?, 'ACTIVITY_ATTENDED', activity_id, ?, ?, city_id
				  from vol_signup where activity_id = ? and checked_in_at is not null
				on conflict (username, reason, source_id, city_id) do nothing""")
			.params(a.communityId(), points, a.title(), Timestamp.from(now), activityId).update();
		audit(actor, "VOLUNTEER_ACTIVITY_CLOSED", activityId, a.nodePath(), credited + " attended");
		return credited;
	}

	boolean mayOrganise(Actor actor, Activity a) {
		return actor.username().equals(a.createdBy()) || actor.reaches(a.nodePath(), ORGANISERS);
	}

	// --- reading

	@Transactional(readOnly = true)
	public Activity activity(long id) {
		return find(id).orElseThrow(() -> new NotFoundException("activity", id));
	}

	/** Open activities of the city (volunteers go where they are needed) and the actor's area's recent ones. */
	@Transactional(readOnly = true)
	public List<Activity> activities(Actor actor) {
		return jdbc.sql(ACTIVITY + " where a.status = 'OPEN' or a.starts_at > now() - interval '60 days' order by a.starts_at desc limit 100")
			.query((org.springframework.jdbc.core.RowMapper<Activity>) this::activity).list().stream()
			.filter(a -> "OPEN".equals(a.status()) || actor.canRead(a.nodePath()) || mayOrganise(actor, a))
			.toList();
	}

	@Transactional(readOnly = true)
	public List<Signup> signups(long activityId) {
		return jdbc.sql("select username, name, signed_up_at, checked_in_at from vol_signup where activity_id = ? order by signed_up_at")
			.param(activityId)
			.query((rs, i) -> new Signup(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
			.list();
	}

	@Transactional(readOnly = true)
	public Optional<Team> team(long id) {
		return jdbc.sql("select id, community_id, name, leader_username from vol_team where id = ?").param(id)
			.query((rs, i) -> new Team(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), members(rs.getLong(1))))
			.optional();
	}

	/** Teams of the actor's area, and those the actor belongs to. */
	@Transactional(readOnly = true)
	public List<Team> teams(Actor actor) {
		return jdbc.sql("select id, community_id, name, leader_username, node_path from vol_team order by id limit 500")
			.query((rs, i) -> new Object[] { new Team(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					members(rs.getLong(1))), rs.getString(5) })
			.list().stream()
			.filter(row -> actor.canRead((String) row[1]) || ((Team) row[0]).members().contains(actor.username()))
			.map(row -> (Team) row[0]).toList();
	}

	/** Service hours of a volunteer: the hours of closed activities they were checked in at. */
	@Transactional(readOnly = true)
	public BigDecimal hoursOf(String username) {
		return jdbc.sql("""
				select coalesce(sum(a.hours), 0) from vol_signup s join vol_activity a on a.id = s.activity_id and a.city_id = s.city_id
				 where s.username = ? and s.checked_in_at is not null and a.status = 'CLOSED'""")
			.param(username).query(BigDecimal.class).single();
	}

	/** Closed activities, hours served and distinct volunteers in an area: for staff homes and dashboards. */
	@Transactional(readOnly = true)
	public VolunteerFigures figures(String nodePath) {
		return jdbc.sql("""
				select count(distinct a.id) filter (where a.status = 'CLOSED'),
				       coalesce(sum(a.hours) filter (where a.status = 'CLOSED' and s.checked_in_at is not null), 0),
				       count(distinct s.username) filter (where a.status = 'CLOSED' and s.checked_in_at is not null)
				  from vol_activity a left join vol_signup s on s.activity_id = a.id and s.city_id = a.city_id
				 where a.node_path >= ? and a.node_path < ?""")
			.params(nodePath, nodePath + "\uffff")
			.query((rs, i) -> new VolunteerFigures(rs.getLong(1), rs.getBigDecimal(2), rs.getLong(3))).single();
	}

	private List<String> members(long teamId) {
		return jdbc.sql("select username from vol_team_member where team_id = ? order by joined_at").param(teamId)
			.query(String.class).list();
	}

	private static final String ACTIVITY = """
			select a.*, (select count(*) from vol_signup s where s.activity_id = a.id) as signed_up,
			       (select count(*) from vol_signup s where s.activity_id = a.id and s.checked_in_at is not null) as checked_in
			  from vol_activity a""";

	private Optional<Activity> find(long id) {
		return jdbc.sql(ACTIVITY + " where a.id = ?").param(id).query((org.springframework.jdbc.core.RowMapper<Activity>) this::activity).optional();
	}

	/** A row lock names the city: Citus locks rows only in a statement it routes to one node (ADR 0016). */
	private Activity locked(Actor actor, long id) {
		return jdbc.sql("select id from vol_activity where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Long.class).optional().flatMap(this::find).orElseThrow(() -> new NotFoundException("activity", id));
	}

	private Activity activity(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
		return new Activity(rs.getLong("id"), rs.getLong("community_id"), rs.getString("node_path"),
				(Long) rs.getObject("team_id"), rs.getString("title"), rs.getString("description"), rs.getString("place"),
				rs.getTimestamp("starts_at").toInstant(), rs.getBigDecimal("hours"), rs.getInt("capacity"),
				rs.getString("status"), rs.getString("check_in_code"), rs.getString("created_by"),
				rs.getInt("signed_up"), rs.getInt("checked_in"));
	}

	private NodeRef community(Actor actor, long communityId) {
		NodeRef community = directory.findNode(communityId).filter(n -> n.type() == NodeType.COMMUNITY)
			.orElseThrow(() -> new NotFoundException("community", communityId));
		if (!actor.reaches(community.path(), ORGANISERS)) {
			throw new NotFoundException("community", communityId);
		}
		return community;
	}

	private void requireProfile(String username, String field) {
		if (username == null || profile(username.strip()).isEmpty()) {
			throw new InvalidFieldException(field, "volunteer.error.notVolunteer");
		}
	}

	private static byte[] bytes(int n) {
		byte[] b = new byte[n];
		RANDOM.nextBytes(b);
		return b;
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "volunteer", id, path, detail));
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}
}
