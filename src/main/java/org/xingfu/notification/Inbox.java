package org.xingfu.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.Actor;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.PageResult;

/** Writes notifications and lets each person read their own, and nobody else's. */
@Service
@Transactional
public class Inbox {

	/** Separates the arguments in one column; it cannot occur in text typed by people. */
	static final String SEPARATOR = "\u001f";

	private final JdbcClient jdbc;
	private final Clock clock;

	private final Deliveries deliveries;

	Inbox(JdbcClient jdbc, Deliveries deliveries, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.deliveries = deliveries;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** Puts one notification in the inbox of each person (each once); returns how many were written. */
	public int notify(Collection<Long> personIds, String kind, String link, String... args) {
		String joined = String.join(SEPARATOR, Arrays.stream(args).map(a -> a == null ? "" : a.replace(SEPARATOR, " ")).toList());
		if (joined.length() > 300) {
			joined = joined.substring(0, 300);
		}
		java.time.Instant now = clock.instant();
		List<String> persons = new ArrayList<>();
		for (Long person : new LinkedHashSet<>(personIds)) {
			if (person != null) {
				persons.add(String.valueOf(person));
			}
		}
		if (persons.isEmpty()) {
			return 0;
		}
		// one statement for all, returning the ids: the outside deliveries are queued in the same transaction
		List<long[]> written = jdbc.sql("""
				insert into ntf_notification (person_id, kind, args, link, created_at, city_id)
				select p.id, ?, ?, ?, ?, p.city_id from org_person p
				 where p.id = any (string_to_array(?, ',')::bigint[])
				returning id, person_id, city_id""")
			.params(kind, joined, link, Timestamp.from(now), String.join(",", persons))
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) }).list();
		deliveries.queue(written, now);
		return written.size();
	}

	@Transactional(readOnly = true)
	public long unreadCount(Actor actor) {
		if (actor.personId() == null) {
			return 0;
		}
		return jdbc.sql("select count(*) from ntf_notification where person_id = ? and read_at is null")
			.param(actor.personId()).query(Long.class).single();
	}

	@Transactional(readOnly = true)
	public PageResult<Notification> page(Actor actor, int page, int size) {
		if (actor.personId() == null) {
			return new PageResult<>(List.of(), page, size, 0);
		}
		long total = jdbc.sql("select count(*) from ntf_notification where person_id = ?").param(actor.personId())
			.query(Long.class).single();
		List<Notification> items = jdbc.sql("""
				select id, kind, args, link, created_at, read_at from ntf_notification
				 where person_id = ? order by id desc limit ? offset ?""")
			.params(actor.personId(), size, (long) page * size)
			.query((rs, i) -> new Notification(rs.getLong(1), rs.getString(2),
					rs.getString(3).isEmpty() ? List.of() : List.of(rs.getString(3).split(SEPARATOR, -1)),
					rs.getString(4), rs.getTimestamp(5).toInstant(),
					rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
			.list();
		return new PageResult<>(items, page, size, total);
	}

	/** Marks one of the actor's notifications read and returns where it points; another person's is not found. */
	public String open(Actor actor, long id) {
		return jdbc.sql("""
				update ntf_notification set read_at = coalesce(read_at, ?)
				 where id = ? and person_id = ? returning link""")
			.params(Timestamp.from(clock.instant()), id, actor.personId() == null ? -1 : actor.personId())
			.query(String.class).optional()
			.orElseThrow(() -> new NotFoundException("notification", id));
	}

	public int markAllRead(Actor actor) {
		if (actor.personId() == null) {
			return 0;
		}
		return jdbc.sql("update ntf_notification set read_at = ? where person_id = ? and read_at is null")
			.params(Timestamp.from(clock.instant()), actor.personId()).update();
	}
}
