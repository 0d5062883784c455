package org.xingfu.notice;

import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.FileStorage;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.ImageType;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;
import org.xingfu.shared.Upload;
import org.xingfu.shared.UploadRejectedException;

/**
 * Publishing, correcting and withdrawing notices; reading them (public ones without signing in); objections and
 * answers. Other modules post through {@link #post}.
 */
@Service
@Transactional
public class Notices {

	/** Who publishes notices of any type in their area. */
	static final Set<Role> PUBLISHERS = EnumSet.of(Role.CITY_ADMIN, Role.STREET_ADMIN, Role.COMMUNITY_STAFF,
			Role.FIRST_SECRETARY);

	static final int MAX_ATTACHMENTS = 6;

	public record Objection(long id, long noticeId, String username, String text, Instant filedAt, String answer,
			String answeredBy, Instant answeredAt) {
	}

	public record Attachment(long id, long noticeId, String contentType, long size) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final FileStorage storage;
	private final NoticeSettings settings;
	private final Clock clock;

	Notices(JdbcClient jdbc, OrganizationDirectory directory, ApplicationEventPublisher events, FileStorage storage,
			NoticeSettings settings, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.events = events;
		this.storage = storage;
		this.settings = settings;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	public int minimumDays(NoticeType type) {
		return settings.minimumDaysOf(type);
	}

	/**
	 * Staff publish a notice at a node of their area. The window starts now unless {@code startsAt} is later, and
	 * may not be shorter than the type's minimum period.
	 */
	public long publish(Actor actor, long nodeId, NoticeScope scope, NoticeType type, String title, String body,
			Instant startsAt, Instant endsAt, List<Upload> attachments) throws IOException {
		// the place must be one the actor knows: in their area, or on the way up from it (a resident's compound)
		NodeRef node = directory.findNode(nodeId)
			.filter(n -> actor.canRead(n.path()) || actor.scopePaths().stream().anyMatch(p -> p.startsWith(n.path())))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		if (!mayPublish(actor, node.path(), type)) {
			throw new ForbiddenException("publish");
		}
		if (scope.level() != null && scope.level() != node.type()) {
			throw new InvalidFieldException("scope", "notice.error.scope");
		}
		Instant now = clock.instant();
		Instant starts = startsAt == null || startsAt.isBefore(now) ? now : startsAt;
		checkWindow(type, starts, endsAt);
		long id = insert(null, 1, node, scope, type, title, body, starts, endsAt, null, actor.username());
		attach(id, attachments);
		events.publishEvent(ActionRecorded.of(actor.username(), "NOTICE_PUBLISHED", "notice", id, node.path(),
				type + " " + title));
		events.publishEvent(new NoticePosted(id, node.id(), node.name(), node.path(), scope.name(), title));
		return id;
	}

	/**
	 * Another module posts a notice it owns the content of (it has checked who may cause it). {@code source} names
	 * the thing the notice is about, for example {@code ballot:12}: posting the same source again returns the first
	 * notice, so a retried event does not post twice. The window runs from now for the given length, or the type's
	 * minimum period if that is longer.
	 */
	public long post(String source, String publishedBy, long nodeId, NoticeScope scope, NoticeType type, String title,
			String body, Duration length) {
		Optional<Long> existing = bySource(source);
		if (existing.isPresent()) {
			return existing.get();
		}
		NodeRef node = directory.findNode(nodeId).orElseThrow(() -> new NotFoundException("node", nodeId));
		Instant now = clock.instant();
		Duration minimum = Duration.ofDays(settings.minimumDaysOf(type));
		Instant ends = now.plus(length.compareTo(minimum) > 0 ? length : minimum);
		long id = insert(null, 1, node, scope, type, cut(title, 100), cut(body, 100_000), now, ends, source, publishedBy);
		events.publishEvent(ActionRecorded.of(publishedBy, "NOTICE_POSTED", "notice", id, node.path(), source));
		events.publishEvent(new NoticePosted(id, node.id(), node.name(), node.path(), scope.name(), cut(title, 100)));
		return id;
	}

	/** The notice another module posted for {@code source}, if any. */
	@Transactional(readOnly = true)
	public Optional<Long> bySource(String source) {
		return jdbc.sql("select id from ntc_notice where source = ?").param(source).query(Long.class).optional();
	}

	/**
	 * 更正: a new version of a current notice. Its window starts again now (the minimum period runs anew), the
	 * attachments carry over, and the old version stays readable, marked as superseded.
	 */
	public long correct(Actor actor, long id, String title, String body, Instant endsAt) {
		Notice old = locked(actor, id).filter(n -> mayRead(actor, n)).orElseThrow(() -> new NotFoundException("notice", id));
		if (!mayPublish(actor, old.nodePath(), old.type())) {
			throw new ForbiddenException("correct");
		}
		if (old.supersededBy() != null || old.withdrawnAt() != null) {
			throw new ConflictException("notice.error.notCurrent");
		}
		Instant now = clock.instant();
		Instant ends = endsAt == null ? old.endsAt() : endsAt;
		checkWindow(old.type(), now, ends);
		NodeRef node = directory.findNode(old.nodeId()).orElseThrow();
		long newId = insert(old.seriesId(), old.version() + 1, node, old.scope(), old.type(), title, body, now, ends,
				null, actor.username());
		jdbc.sql("""
				insert into ntc_attachment (notice_id, storage_key, content_type, size_bytes, city_id)
				select ?, storage_key, content_type, size_bytes, city_id from ntc_attachment where notice_id = ? order by id""")
			.params(newId, id).update();
		jdbc.sql("update ntc_notice set superseded_by = ? where id = ?").params(newId, id).update();
		events.publishEvent(ActionRecorded.of(actor.username(), "NOTICE_CORRECTED", "notice", newId, old.nodePath(),
				"v" + (old.version() + 1) + " of " + id));
		return newId;
	}

	/** 撤回: only once the minimum period has run (409 before that), with a reason shown to readers. */
	public Notice withdraw(Actor actor, long id, String reason) {
		Notice n = locked(actor, id).filter(x -> mayRead(actor, x)).orElseThrow(() -> new NotFoundException("notice", id));
		if (!mayPublish(actor, n.nodePath(), n.type())) {
			throw new ForbiddenException("withdraw");
		}
		if (n.supersededBy() != null || n.withdrawnAt() != null) {
			throw new ConflictException("notice.error.notCurrent");
		}
		Instant now = clock.instant();
		if (now.isBefore(n.withdrawableFrom())) {
			throw new ConflictException("notice.error.minimumPeriod", n.minimumDays(),
					java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
						.format(n.withdrawableFrom().atZone(java.time.ZoneId.of("Asia/Shanghai"))));
		}
		jdbc.sql("update ntc_notice set withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? where id = ?")
			.params(Timestamp.from(now), actor.username(), reason.strip(), id).update();
		events.publishEvent(ActionRecorded.of(actor.username(), "NOTICE_WITHDRAWN", "notice", id, n.nodePath(), reason));
		return find(id).orElseThrow();
	}

	/** A notice the reader may see: public ones to anyone (a {@code null} actor), the others to people of its area. */
	@Transactional(readOnly = true)
	public Notice visible(Actor actor, long id) {
		return find(id).filter(n -> mayRead(actor, n)).filter(n -> !scheduledFor(actor, n))
			.map(n -> forViewer(actor, n)).orElseThrow(() -> new NotFoundException("notice", id));
	}

	/** Every version of the notice's series, oldest first, as the reader may see them. */
	@Transactional(readOnly = true)
	public List<Notice> versions(Actor actor, Notice notice) {
		return jdbc.sql(SELECT + " where n.series_id = ? order by n.version").param(notice.seriesId())
			.query(Notices::map).list().stream().filter(n -> mayRead(actor, n)).map(n -> forViewer(actor, n)).toList();
	}

	/**
	 * Notices of the actor's area for the staff list, and the ones that concern a resident's home; newest first.
	 * {@code current}: only notices in their window, not withdrawn or superseded.
	 */
	@Transactional(readOnly = true)
	public List<Notice> list(Actor actor, boolean current, int limit) {
		List<String> areas = actor.scopePaths();
		List<String> ancestors = areas.stream().flatMap(p -> ancestorsOf(p).stream()).distinct().toList();
		ScopeSql.Fragment within = ScopeSql.within("n.node_path", areas, "s");
		Instant now = clock.instant();
		return jdbc.sql(SELECT + " where (" + within.sql() + " or n.node_path in (:ancestors))"
				+ (current ? " and n.superseded_by is null and n.withdrawn_at is null and n.starts_at <= :now and n.ends_at > :now" : "")
				+ " order by n.id desc limit :limit")
			.params(within.params()).param("ancestors", ancestors.isEmpty() ? List.of("-") : ancestors)
			.param("now", Timestamp.from(now)).param("limit", limit)
			.query(Notices::map).list().stream().filter(n -> !scheduledFor(actor, n)).map(n -> forViewer(actor, n))
			.toList();
	}

	/**
	 * The current notices that concern a place, for its board and the public API: those posted at the node, above
	 * it and below it. Without a reader only public ones; with one, also those of the reader's area.
	 */
	@Transactional(readOnly = true)
	public List<Notice> currentAt(Actor actor, long nodeId, int limit) {
		NodeRef node = directory.findNode(nodeId).orElseThrow(() -> new NotFoundException("node", nodeId));
		Instant now = clock.instant();
		return jdbc.sql(SELECT + " " + """
				where (n.node_path in (:ancestors) or (n.node_path >= :lo and n.node_path < :hi))
				  and n.superseded_by is null and n.withdrawn_at is null and n.starts_at <= :now and n.ends_at > :now
				  and (n.scope = 'PUBLIC' or :signedIn)
				order by n.starts_at desc, n.id desc limit :limit""")
			.param("ancestors", ancestorsOf(node.path())).param("lo", node.path())
			.param("hi", ScopeSql.upperBound(node.path())).param("now", Timestamp.from(now))
			.param("signedIn", actor != null).param("limit", limit * 2).query(Notices::map).list().stream()
			.filter(n -> mayRead(actor, n)).limit(limit).map(n -> forViewer(actor, n)).toList();
	}

	/** 异议: a resident of the notice's area objects while it is up. */
	public long object(Actor actor, long noticeId, String text) {
		Notice n = find(noticeId).filter(x -> mayRead(actor, x)).filter(x -> !scheduledFor(actor, x))
			.orElseThrow(() -> new NotFoundException("notice", noticeId));
		if (n.stateAt(clock.instant()) != Notice.State.ACTIVE) {
			throw new ConflictException(n.supersededBy() != null ? "notice.error.superseded" : "notice.error.notActive");
		}
		boolean resident = actor.grants().stream().filter(g -> g.role() == Role.RESIDENT)
			.flatMap(g -> g.scopePaths().stream()).anyMatch(home -> home.startsWith(n.nodePath()));
		if (!resident) {
			throw new ForbiddenException("object");
		}
		long id = jdbc.sql("""
				insert into ntc_objection (notice_id, username, person_id, text, filed_at, city_id)
				values (?, ?, ?, ?, ?, ?) returning id""")
			.params(noticeId, actor.username(), actor.personId(), text.strip(), Timestamp.from(clock.instant()),
					ScopeSql.cityOf(n.nodePath()))
			.query(Long.class).single();
		events.publishEvent(ActionRecorded.of(actor.username(), "NOTICE_OBJECTION", "notice", noticeId, n.nodePath(),
				"objection " + id));
		events.publishEvent(new ObjectionFiled(noticeId, id, n.nodeId(), n.nodePath(), n.title()));
		return id;
	}

	/** Staff who may publish at the notice's place answer an objection, once. */
	public Objection answer(Actor actor, long noticeId, long objectionId, String answer) {
		Notice n = find(noticeId).filter(x -> mayRead(actor, x)).orElseThrow(() -> new NotFoundException("notice", noticeId));
		if (!mayPublish(actor, n.nodePath(), n.type())) {
			throw new ForbiddenException("answer");
		}
		Objection o = jdbc.sql("select * from ntc_objection where id = ? and notice_id = ? and city_id = ? for update")
			.params(objectionId, noticeId, actor.cityId()).query(Notices::objection).optional()
			.orElseThrow(() -> new NotFoundException("objection", objectionId));
		if (o.answer() != null) {
			throw new ConflictException("notice.error.answered");
		}
		jdbc.sql("update ntc_objection set answer = ?, answered_by = ?, answered_at = ? where id = ?")
			.params(answer.strip(), actor.username(), Timestamp.from(clock.instant()), objectionId).update();
		events.publishEvent(ActionRecorded.of(actor.username(), "NOTICE_OBJECTION_ANSWERED", "notice", noticeId,
				n.nodePath(), "objection " + objectionId));
		Long objector = jdbc.sql("select person_id from ntc_objection where id = ?").param(objectionId)
			.query((rs, i) -> (Long) rs.getObject(1, Long.class)).single();
		events.publishEvent(new ObjectionAnswered(noticeId, objectionId, objector, n.title()));
		return jdbc.sql("select * from ntc_objection where id = ?").param(objectionId).query(Notices::objection).single();
	}

	/** Staff who may publish at the place see every objection; a resident sees their own. */
	@Transactional(readOnly = true)
	public List<Objection> objections(Actor actor, long noticeId) {
		Notice n = visible(actor, noticeId);
		boolean staff = actor != null && mayPublish(actor, n.nodePath(), n.type());
		if (actor == null) {
			return List.of();
		}
		return jdbc.sql("select * from ntc_objection where notice_id = ? and (? or username = ?) order by id")
			.params(noticeId, staff, actor.username()).query(Notices::objection).list();
	}

	/**
	 * Where a posted notice stands, for the module that posted it: when its window ends and how many objections
	 * wait for an answer (a list in publicity is final only when every objection has been answered).
	 */
	public record PublicityState(Instant endsAt, int objections, int unanswered) {
	}

	@Transactional(readOnly = true)
	public PublicityState publicity(long noticeId) {
		return jdbc.sql("""
				select n.ends_at, count(o.id), count(o.id) filter (where o.answered_at is null)
				  from ntc_notice n left join ntc_objection o on o.notice_id = n.id and o.city_id = n.city_id where n.id = ? group by n.ends_at""")
			.param(noticeId)
			.query((rs, i) -> new PublicityState(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getInt(3)))
			.optional().orElseThrow(() -> new NotFoundException("notice", noticeId));
	}

	/** A resident objected to a notice: staff of its place hear of it. */
	/** A notice went up (its window may start later): the residents of its place hear of it. */
	public record NoticePosted(long noticeId, long nodeId, String nodeName, String nodePath, String scope,
			String title) {
	}

	public record ObjectionFiled(long noticeId, long objectionId, long nodeId, String nodePath, String title) {
	}

	/** Staff answered an objection: the resident who filed it hears of it. */
	public record ObjectionAnswered(long noticeId, long objectionId, Long personId, String title) {
	}

	@Transactional(readOnly = true)
	public List<Attachment> attachments(long noticeId) {
		return jdbc.sql("select id, notice_id, content_type, size_bytes from ntc_attachment where notice_id = ? order by id")
			.param(noticeId).query((rs, i) -> new Attachment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)))
			.list();
	}

	/** The stored key and type of an attachment of a notice the reader may see. */
	@Transactional(readOnly = true)
	public String[] attachment(Actor actor, long noticeId, long attachmentId) {
		visible(actor, noticeId);
		return jdbc.sql("select storage_key, content_type from ntc_attachment where id = ? and notice_id = ?")
			.params(attachmentId, noticeId).query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.optional().orElseThrow(() -> new NotFoundException("attachment", attachmentId));
	}

	boolean mayPublish(Actor actor, String path, NoticeType type) {
		return actor.reaches(path, PUBLISHERS)
				|| type == NoticeType.PROPERTY && actor.reaches(path, EnumSet.of(Role.PROPERTY_STAFF));
	}

	/**
	 * Public notices are for anyone; the others for the people of the notice's area (residents and staff whose place
	 * lies in it) and for staff whose area holds it.
	 */
	static boolean mayRead(Actor actor, Notice n) {
		if (n.scope() == NoticeScope.PUBLIC) {
			return true;
		}
		return actor != null && actor.grants().stream().flatMap(g -> g.scopePaths().stream())
			.anyMatch(p -> p.startsWith(n.nodePath()) || n.nodePath().startsWith(p));
	}

	/** A notice before its window is seen only by those who may publish at its place. */
	private boolean scheduledFor(Actor actor, Notice n) {
		return clock.instant().isBefore(n.startsAt()) && (actor == null || !mayPublish(actor, n.nodePath(), n.type()));
	}

	private Notice forViewer(Actor actor, Notice n) {
		return actor != null && actor.canRead(n.nodePath()) && actor.isStaff() ? n : n.anonymous();
	}

	private void checkWindow(NoticeType type, Instant starts, Instant ends) {
		if (ends == null || !ends.isAfter(starts)) {
			throw new InvalidFieldException("endsAt", "notice.error.window");
		}
		int days = settings.minimumDaysOf(type);
		if (Duration.between(starts, ends).compareTo(Duration.ofDays(days)) < 0) {
			throw new InvalidFieldException("endsAt", "notice.error.tooShort", days);
		}
	}

	private long insert(Long seriesId, int version, NodeRef node, NoticeScope scope, NoticeType type, String title,
			String body, Instant starts, Instant ends, String source, String by) {
		long id = jdbc.sql("""
				insert into ntc_notice (series_id, version, city_id, node_id, node_path, scope, type, title, body,
				  starts_at, ends_at, minimum_days, source, published_by, created_at)
				values (coalesce(?, currval(pg_get_serial_sequence('ntc_notice', 'id'))), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
				  ?, ?, ?, ?) returning id""")
			.params(seriesId, version, ScopeSql.cityOf(node.path()), node.id(), node.path(),
					scope.name(), type.name(), title.strip(), body.strip(), Timestamp.from(starts), Timestamp.from(ends),
					settings.minimumDaysOf(type), source, by, Timestamp.from(clock.instant()))
			.query(Long.class).single();
		return id;
	}

	private void attach(long noticeId, List<Upload> uploads) throws IOException {
		if (uploads == null || uploads.isEmpty()) {
			return;
		}
		if (uploads.size() > MAX_ATTACHMENTS) {
			throw new ConflictException("notice.error.tooManyAttachments", MAX_ATTACHMENTS);
		}
		List<String> types = new ArrayList<>();
		for (Upload u : uploads) {
			types.add(documentType(u));
		}
		List<String> keys = new ArrayList<>();
		storage.removeIfRolledBack(keys);
		for (int i = 0; i < uploads.size(); i++) {
			try (InputStream in = uploads.get(i).content().getInputStream()) {
				keys.add(storage.store(in, types.get(i).equals("application/pdf") ? "pdf" : ImageType.extension(types.get(i))));
			}
			jdbc.sql("insert into ntc_attachment (notice_id, storage_key, content_type, size_bytes, city_id) "
					+ "select id, ?, ?, ?, city_id from ntc_notice where id = ?")
				.params(keys.getLast(), types.get(i), uploads.get(i).size(), noticeId).update();
		}
	}

	/** A picture or a PDF (a scanned statement, a list), told by its first bytes. */
	static String documentType(Upload upload) throws IOException {
		if (upload.size() > Upload.MAX_BYTES) {
			throw new UploadRejectedException(true);
		}
		byte[] head;
		try (InputStream in = upload.content().getInputStream()) {
			head = in.readNBytes(ImageType.HEAD);
		}
		if (head.length >= 5 && new String(head, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-")) {
			return "application/pdf";
		}
		return ImageType.of(head).orElseThrow(() -> new UploadRejectedException(false, "api.error.attachmentType"));
	}

	private Optional<Notice> find(long id) {
		return jdbc.sql(SELECT + " where n.id = ?").param(id).query(Notices::map).optional();
	}

	private Optional<Notice> locked(Actor actor, long id) {
		return jdbc.sql("select n.*, 0 as objections from ntc_notice n where n.id = ? and n.city_id = ? for update")
			.params(id, actor.cityId())
			.query(Notices::map).optional();
	}

	/** "/1/5/9/20/" → "/1/", "/1/5/", "/1/5/9/", "/1/5/9/20/". */
	static List<String> ancestorsOf(String path) {
		List<String> out = new ArrayList<>();
		int i = 0;
		while ((i = path.indexOf('/', i + 1)) > 0) {
			out.add(path.substring(0, i + 1));
		}
		return out;
	}

	private static String cut(String s, int max) {
		return s.length() <= max ? s : s.substring(0, max);
	}

	private static final String SELECT = """
			select n.*, (select count(*) from ntc_objection o where o.notice_id = n.id) as objections
			  from ntc_notice n""";

	private static Notice map(ResultSet rs, int i) throws SQLException {
		return new Notice(rs.getLong("id"), rs.getLong("series_id"), rs.getInt("version"), rs.getLong("node_id"),
				rs.getString("node_path"), NoticeScope.valueOf(rs.getString("scope")),
				NoticeType.valueOf(rs.getString("type")), rs.getString("title"), rs.getString("body"),
				rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
				rs.getInt("minimum_days"), (Long) rs.getObject("superseded_by", Long.class),
				instant(rs, "withdrawn_at"), rs.getString("withdraw_reason"), rs.getString("source"),
				rs.getString("published_by"), rs.getTimestamp("created_at").toInstant(), rs.getInt("objections"));
	}

	private static Objection objection(ResultSet rs, int i) throws SQLException {
		return new Objection(rs.getLong("id"), rs.getLong("notice_id"), rs.getString("username"), rs.getString("text"),
				rs.getTimestamp("filed_at").toInstant(), rs.getString("answer"), rs.getString("answered_by"),
				instant(rs, "answered_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}
}
