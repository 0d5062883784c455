package org.xingfu.deliberation;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.notice.NoticeScope;
import org.xingfu.notice.NoticeType;
import org.xingfu.notice.Notices;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.ScopeSql;

/**
 * 议事会: a meeting of a compound is convened with topics on its agenda and the committee members invited; people
 * check in by scanning its QR code (or staff mark them present from the paper list); staff record the minutes and
 * the committee's show of hands, which passes with more than half of all its members in favour; follow-up actions
 * get owners and due dates; the result goes up as a public notice; residents review it afterwards.
 */
@Service
@Transactional
public class Meetings {

	/** Check-in opens this long before the meeting starts and closes this long after. */
	static final Duration CHECKIN_BEFORE = Duration.ofHours(2);
	static final Duration CHECKIN_AFTER = Duration.ofHours(8);

	public record Meeting(long id, long compoundId, String nodePath, String title, String place, Instant startsAt,
			String status, String minutes, String decision, Integer votesFor, Integer votesAgainst,
			Integer votesAbstain, Integer committeeSize, Boolean passed, Instant decidedAt, Instant publishedAt,
			String convenedBy, String checkinToken) {

		/** The same without the check-in code, for everyone but the organisers (the code is what the QR carries). */
		Meeting withoutToken() {
			return new Meeting(id, compoundId, nodePath, title, place, startsAt, status, minutes, decision, votesFor,
					votesAgainst, votesAbstain, committeeSize, passed, decidedAt, publishedAt, convenedBy, null);
		}
	}

	public record Participant(long personId, boolean committee, Instant checkedInAt) {
	}

	public record Action(long id, String description, String owner, LocalDate dueDate, Instant doneAt,
			String doneNote) {
	}

	public record ReviewSummary(int satisfied, int basic, int dissatisfied, String myRating) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final Notices notices;
	private final Clock clock;

	Meetings(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events, Notices notices,
			Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.notices = notices;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Convenes a meeting. The agenda takes topics of the same compound that are on the agenda; the committee are
	 * people of the register the organiser may see.
	 */
	public long convene(Actor actor, long compoundId, String title, String place, Instant startsAt, List<Long> topicIds,
			List<Long> committee) {
		NodeRef compound = directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.canRead(n.path())).orElseThrow(() -> new NotFoundException("compound", compoundId));
		if (!actor.reaches(compound.path(), Topics.COMMITTEE)) {
			throw new ForbiddenException("convene");
		}
		List<Long> members = committee == null ? List.of() : committee.stream().distinct().toList();
		if (members.isEmpty()) {
			throw new InvalidFieldException("committee", "meeting.error.committee");
		}
		for (long person : members) {
			if (directory.personHome(actor, person).isEmpty()) {
				throw new InvalidFieldException("committee", "meeting.error.person");
			}
		}
		List<Long> topics = topicIds == null ? List.of() : topicIds.stream().distinct().toList();
		for (long topic : topics) {
			boolean onAgenda = jdbc.sql("select count(*) from dlb_topic where id = ? and compound_id = ? and status = 'AGENDA'")
				.params(topic, compoundId).query(Integer.class).single() == 1;
			if (!onAgenda) {
				throw new InvalidFieldException("topicIds", "meeting.error.topic");
			}
		}
		long id = jdbc.sql("""
				insert into dlb_meeting (city_id, compound_id, node_path, title, place, starts_at, checkin_token, status,
				  convened_by, created_at)
				values (?, ?, ?, ?, ?, ?, ?, 'PLANNED', ?, ?) returning id""")
			.params(ScopeSql.cityOf(compound.path()), compound.id(), compound.path(),
					title.strip(), place.strip(), Timestamp.from(startsAt), token(), actor.username(),
					Timestamp.from(clock.instant()))
			.query(Long.class).single();
		for (int i = 0; i < topics.size(); i++) {
			jdbc.sql("insert into dlb_agenda_item (meeting_id, topic_id, position, city_id) values (?, ?, ?, ?)")
				.params(id, topics.get(i), i + 1, ScopeSql.cityOf(compound.path())).update();
		}
		for (long person : members) {
			jdbc.sql("insert into dlb_participant (meeting_id, person_id, committee, city_id) values (?, ?, true, ?)")
				.params(id, person, ScopeSql.cityOf(compound.path())).update();
		}
		audit(actor, "MEETING_CONVENED", id, compound.path(), title);
		return id;
	}

	/**
	 * 签到. With the code from the meeting's QR code, a committee member or a resident of the compound checks
	 * themselves in; with {@code personId}, an organiser marks someone present from the paper list. Twice is once.
	 */
	public Participant checkIn(Actor actor, long id, String token, Long personId) {
		Meeting m = locked(actor, id).filter(x -> mayRead(actor, x)).orElseThrow(() -> new NotFoundException("meeting", id));
		Instant now = clock.instant();
		if (now.isBefore(m.startsAt().minus(CHECKIN_BEFORE)) || now.isAfter(m.startsAt().plus(CHECKIN_AFTER))
				|| !"PLANNED".equals(m.status())) {
			throw new ConflictException("meeting.error.checkinClosed");
		}
		long person;
		if (personId != null) {
			if (!actor.reaches(m.nodePath(), Topics.COMMITTEE)) {
				throw new ForbiddenException("checkin");
			}
			if (directory.personHome(actor, personId).isEmpty()) {
				throw new InvalidFieldException("personId", "meeting.error.person");
			}
			person = personId;
		}
		else {
			if (token == null || !token.equals(m.checkinToken())) {
				throw new InvalidFieldException("token", "meeting.error.token");
			}
			if (actor.personId() == null) {
				throw new ForbiddenException("checkin");
			}
			boolean invited = jdbc.sql("select count(*) from dlb_participant where meeting_id = ? and person_id = ?")
				.params(id, actor.personId()).query(Integer.class).single() == 1;
			if (!invited && !Topics.residentOf(actor, m.nodePath())) {
				throw new ForbiddenException("checkin");
			}
			person = actor.personId();
		}
		jdbc.sql("""
				insert into dlb_participant (meeting_id, person_id, committee, checked_in_at, checked_in_by, city_id)
				select id, ?, false, ?, ?, city_id from dlb_meeting where id = ?
				on conflict (meeting_id, person_id, city_id) do update
				  set checked_in_at = coalesce(dlb_participant.checked_in_at, excluded.checked_in_at),
				      checked_in_by = coalesce(dlb_participant.checked_in_by, excluded.checked_in_by)""")
			.params(person, Timestamp.from(now), actor.username(), id).update();
		return jdbc.sql("select person_id, committee, checked_in_at from dlb_participant where meeting_id = ? and person_id = ?")
			.params(id, person).query(Meetings::participant).single();
	}

	/**
	 * The minutes and the committee's decision by show of hands. Only members present vote; the decision passes
	 * with more than half of all the committee's members in favour (integers: 2 × for > members).
	 */
	public Meeting decide(Actor actor, long id, String minutes, String decision, int votesFor, int votesAgainst,
			int votesAbstain) {
		Meeting m = organised(actor, id);
		if (!"PLANNED".equals(m.status())) {
			throw new ConflictException("meeting.error.decided");
		}
		int members = count("select count(*) from dlb_participant where meeting_id = ? and committee", id);
		int present = count("select count(*) from dlb_participant where meeting_id = ? and committee and checked_in_at is not null", id);
		if (votesFor < 0 || votesAgainst < 0 || votesAbstain < 0) {
			throw new InvalidFieldException("votesFor", "meeting.error.votes", present);
		}
		if (votesFor + votesAgainst + votesAbstain > present) {
			throw new InvalidFieldException("votesFor", "meeting.error.votes", present);
		}
		boolean passed = passes(votesFor, members);
		jdbc.sql("""
				update dlb_meeting set status = 'DECIDED', minutes = ?, decision = ?, votes_for = ?, votes_against = ?,
				  votes_abstain = ?, committee_size = ?, passed = ?, decided_at = ?, version = version + 1 where id = ?""")
			.params(minutes.strip(), decision.strip(), votesFor, votesAgainst, votesAbstain, members, passed,
					Timestamp.from(clock.instant()), id).update();
		jdbc.sql("""
				update dlb_topic set status = 'DECIDED', meeting_id = ?
				 where id in (select topic_id from dlb_agenda_item where meeting_id = ?)""").params(id, id).update();
		audit(actor, "MEETING_DECIDED", id, m.nodePath(), (passed ? "passed " : "not passed ") + votesFor + "/" + members);
		return find(id).orElseThrow();
	}

	/** More than half of all members in favour, in integers. */
	static boolean passes(int votesFor, int members) {
		return members > 0 && 2L * votesFor > members;
	}

	/** A follow-up action with an owner (a person or a unit, as written) and a due date. */
	public long addAction(Actor actor, long id, String description, String owner, LocalDate due) {
		Meeting m = organised(actor, id);
		if ("PLANNED".equals(m.status())) {
			throw new ConflictException("meeting.error.notDecided");
		}
		long action = jdbc.sql("""
				insert into dlb_action (meeting_id, description, owner, due_date, created_by, created_at, city_id)
				select id, ?, ?, ?, ?, ?, city_id from dlb_meeting where id = ? returning id""")
			.params(description.strip(), owner.strip(), java.sql.Date.valueOf(due), actor.username(),
					Timestamp.from(clock.instant()), id)
			.query(Long.class).single();
		audit(actor, "MEETING_ACTION_ADDED", id, m.nodePath(), description);
		return action;
	}

	public void completeAction(Actor actor, long id, long actionId, String note) {
		Meeting m = organised(actor, id);
		int done = jdbc.sql("update dlb_action set done_at = ?, done_note = ? where id = ? and meeting_id = ? and done_at is null")
			.params(Timestamp.from(clock.instant()), note == null ? null : note.strip(), actionId, id).update();
		if (done == 0) {
			jdbc.sql("select id from dlb_action where id = ? and meeting_id = ?").params(actionId, id).query(Long.class)
				.optional().orElseThrow(() -> new NotFoundException("action", actionId));
			throw new ConflictException("meeting.error.actionDone");
		}
		audit(actor, "MEETING_ACTION_DONE", id, m.nodePath(), String.valueOf(actionId));
	}

	/**
	 * 结果公开: the decision, the count, the agenda and the follow-up actions go up as a public notice of the compound.
	 * Returns the notice's id.
	 */
	public long publish(Actor actor, long id) {
		Meeting m = organised(actor, id);
		if ("PLANNED".equals(m.status())) {
			throw new ConflictException("meeting.error.notDecided");
		}
		if ("PUBLISHED".equals(m.status())) {
			return notices.bySource("meeting:" + id).orElseThrow();
		}
		StringBuilder body = new StringBuilder();
		body.append("会议：").append(m.title()).append('\n');
		body.append("时间地点：").append(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.format(m.startsAt().atZone(java.time.ZoneId.of("Asia/Shanghai")))).append("，").append(m.place()).append('\n');
		List<String> agenda = agenda(id).stream().map(Topics.Topic::title).toList();
		if (!agenda.isEmpty()) {
			body.append("议题：").append(String.join("；", agenda)).append('\n');
		}
		body.append("出席：").append(attendance(id)).append(" 人，其中议事会成员 ")
			.append(count("select count(*) from dlb_participant where meeting_id = ? and committee and checked_in_at is not null", id))
			.append("/").append(m.committeeSize()).append(" 人\n\n");
		body.append("决定：").append(m.decision()).append('\n');
		body.append("表决：赞成 ").append(m.votesFor()).append("，反对 ").append(m.votesAgainst()).append("，弃权 ")
			.append(m.votesAbstain()).append("（议事会成员共 ").append(m.committeeSize()).append(" 人，赞成须超过半数）。结果：")
			.append(Boolean.TRUE.equals(m.passed()) ? "通过" : "未通过").append("。\n");
		List<Action> actions = actions(id);
		if (!actions.isEmpty()) {
			body.append("\n落实事项：\n");
			for (Action a : actions) {
				body.append("· ").append(a.description()).append("（责任人：").append(a.owner()).append("，完成时限：")
					.append(a.dueDate()).append("）\n");
			}
		}
		body.append("\n会议纪要：\n").append(m.minutes());
		long notice = notices.post("meeting:" + id, actor.username(), m.compoundId(), NoticeScope.PUBLIC,
				NoticeType.RESIDENTS, "议事会结果公示：" + m.title(), body.toString(), Duration.ofDays(7));
		jdbc.sql("update dlb_meeting set status = 'PUBLISHED', published_at = ?, version = version + 1 where id = ?")
			.params(Timestamp.from(clock.instant()), id).update();
		audit(actor, "MEETING_PUBLISHED", id, m.nodePath(), "notice " + notice);
		return notice;
	}

	/** 回头看: after the result is public, each resident of the compound rates how it was carried out (again: replaces). */
	public void review(Actor actor, long id, String rating, String comment) {
		Meeting m = find(id).filter(x -> mayRead(actor, x)).orElseThrow(() -> new NotFoundException("meeting", id));
		if (!Topics.residentOf(actor, m.nodePath())) {
			throw new ForbiddenException("review");
		}
		if (!"PUBLISHED".equals(m.status())) {
			throw new ConflictException("meeting.error.notPublished");
		}
		jdbc.sql("""
				insert into dlb_review (meeting_id, username, rating, comment, reviewed_at, city_id)
				select id, ?, ?, ?, ?, city_id from dlb_meeting where id = ?
				on conflict (meeting_id, username, city_id) do update
				  set rating = excluded.rating, comment = excluded.comment, reviewed_at = excluded.reviewed_at""")
			.params(actor.username(), rating, comment == null || comment.isBlank() ? null : comment.strip(),
					Timestamp.from(clock.instant()), id).update();
	}

	@Transactional(readOnly = true)
	public ReviewSummary reviews(Actor actor, long id) {
		visible(actor, id);
		int[] counts = new int[3];
		jdbc.sql("select rating, count(*) from dlb_review where meeting_id = ? group by rating").param(id).query(rs -> {
			switch (rs.getString(1)) {
				case "SATISFIED" -> counts[0] = rs.getInt(2);
				case "BASIC" -> counts[1] = rs.getInt(2);
				default -> counts[2] = rs.getInt(2);
			}
		});
		String mine = jdbc.sql("select rating from dlb_review where meeting_id = ? and username = ?")
			.params(id, actor.username()).query(String.class).optional().orElse(null);
		return new ReviewSummary(counts[0], counts[1], counts[2], mine);
	}

	@Transactional(readOnly = true)
	public Meeting visible(Actor actor, long id) {
		return find(id).filter(m -> mayRead(actor, m))
			.map(m -> actor.reaches(m.nodePath(), Topics.COMMITTEE) ? m : m.withoutToken())
			.orElseThrow(() -> new NotFoundException("meeting", id));
	}

	@Transactional(readOnly = true)
	public List<Meeting> list(Actor actor) {
		return jdbc.sql("select * from dlb_meeting order by starts_at desc, id desc limit 1000").query(Meetings::map)
			.list().stream().filter(m -> mayRead(actor, m)).limit(200)
			.map(m -> actor.reaches(m.nodePath(), Topics.COMMITTEE) ? m : m.withoutToken()).toList();
	}

	@Transactional(readOnly = true)
	public List<Topics.Topic> agenda(long id) {
		return jdbc.sql("""
				select t.* from dlb_topic t join dlb_agenda_item a on a.topic_id = t.id and a.city_id = t.city_id where a.meeting_id = ?
				 order by a.position""").param(id).query(Topics::map).list();
	}

	@Transactional(readOnly = true)
	public List<Participant> participants(long id) {
		return jdbc.sql("""
				select person_id, committee, checked_in_at from dlb_participant where meeting_id = ?
				 order by committee desc, checked_in_at nulls last, person_id""").param(id).query(Meetings::participant)
			.list();
	}

	@Transactional(readOnly = true)
	public List<Action> actions(long id) {
		return jdbc.sql("select * from dlb_action where meeting_id = ? order by due_date, id").param(id)
			.query((rs, i) -> new Action(rs.getLong("id"), rs.getString("description"), rs.getString("owner"),
					rs.getDate("due_date").toLocalDate(), instant(rs, "done_at"), rs.getString("done_note")))
			.list();
	}

	int attendance(long id) {
		return count("select count(*) from dlb_participant where meeting_id = ? and checked_in_at is not null", id);
	}

	static boolean mayRead(Actor actor, Meeting m) {
		return Topics.mayRead(actor, m.nodePath());
	}

	private Meeting organised(Actor actor, long id) {
		Meeting m = locked(actor, id).filter(x -> mayRead(actor, x)).orElseThrow(() -> new NotFoundException("meeting", id));
		if (!actor.reaches(m.nodePath(), Topics.COMMITTEE)) {
			throw new ForbiddenException("meeting");
		}
		return m;
	}

	private int count(String sql, long id) {
		return jdbc.sql(sql).param(id).query(Integer.class).single();
	}

	private Optional<Meeting> find(long id) {
		return jdbc.sql("select * from dlb_meeting where id = ?").param(id).query(Meetings::map).optional();
	}

	private Optional<Meeting> locked(Actor actor, long id) {
		return jdbc.sql("select * from dlb_meeting where id = ? and city_id = ? for update").params(id, actor.cityId())
			.query(Meetings::map).optional();
	}

	private void audit(Actor actor, String action, long id, String path, String detail) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "meeting", id, path, detail));
	}

	private static String token() {
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static Participant participant(ResultSet rs, int i) throws SQLException {
		return new Participant(rs.getLong("person_id"), rs.getBoolean("committee"), instant(rs, "checked_in_at"));
	}

	private static Meeting map(ResultSet rs, int i) throws SQLException {
		return new Meeting(rs.getLong("id"), rs.getLong("compound_id"), rs.getString("node_path"), rs.getString("title"),
				rs.getString("place"), rs.getTimestamp("starts_at").toInstant(), rs.getString("status"),
				rs.getString("minutes"), rs.getString("decision"), (Integer) rs.getObject("votes_for", Integer.class),
				rs.getObject("votes_against", Integer.class), rs.getObject("votes_abstain", Integer.class),
				rs.getObject("committee_size", Integer.class), rs.getObject("passed", Boolean.class),
				instant(rs, "decided_at"), instant(rs, "published_at"), rs.getString("convened_by"),
				rs.getString("checkin_token"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
