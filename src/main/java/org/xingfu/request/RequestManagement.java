package org.xingfu.request;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.identity.AccountManagement;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.request.RequestTypes.Channel;
import org.xingfu.request.RequestTypes.Level;
import org.xingfu.request.RequestTypes.Satisfaction;
import org.xingfu.request.RequestTypes.Status;
import org.xingfu.request.RequestTypes.Urgency;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;

/**
 * The life cycle of a request (domain.md section 3): submitted → accepted (the first to accept owns it) → in
 * progress → resolved by the owner → confirmed and rated by the resident → closed; from any open state it may be
 * transferred, escalated, merged or rejected with a reason; a resident may reopen within the configured window.
 * Every change is a conditional update on the version read, so concurrent actions cannot both win, and every
 * change adds a line to the timeline.
 */
@Service
@Transactional
public class RequestManagement {

	/** Roles that take requests at compound level (三长, first secretary, sunk cadres; property staff by category). */
	static final Set<Role> FIRST_RESPONDERS = EnumSet.of(Role.GRID_HEAD, Role.GRID_WORKER, Role.BUILDING_HEAD,
			Role.UNIT_HEAD, Role.FIRST_SECRETARY, Role.SUNK_CADRE, Role.PROPERTY_STAFF);

	/** What a new request says. */
	public record Submission(String category, String title, String description, String urgency, Long nodeId,
			String channel, String residentName, String residentPhone, String contactPreference) {
	}

	private final RequestRepository requests;
	private final RequestRules rules;
	private final OrganizationDirectory directory;
	private final ApplicationEventPublisher events;
	private final JdbcClient jdbc;
	private final AccountManagement accounts;
	private final Clock clock;

	RequestManagement(RequestRepository requests, RequestRules rules, OrganizationDirectory directory,
			ApplicationEventPublisher events, JdbcClient jdbc, AccountManagement accounts, Optional<Clock> clock) {
		this.accounts = accounts;
		this.requests = requests;
		this.rules = rules;
		this.directory = directory;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/**
	 * Files a request. A resident files for their own household (the default) or its building or compound; staff
	 * file on a resident's behalf anywhere in their scope and say through which channel it came.
	 */
	public long submit(Actor actor, Submission s) {
		return file(actor, s).id();
	}

	/** Files a request and returns it as stored, so the caller's answer needs no second read. */
	Request file(Actor actor, Submission s) {
		Urgency urgency = Urgency.valueOf(s.urgency());
		if (!categoryExists(s.category())) {
			throw new InvalidFieldException("category", "request.error.category");
		}
		NodeRef place = place(actor, s.nodeId());
		// the path names the ancestors: /city/street/community/compound/building/unit/household/
		String[] ids = place.path().substring(1).split("/");
		if (ids.length < 4) {
			throw new InvalidFieldException("compoundId", "request.error.place");
		}
		long cityId = Long.parseLong(ids[0]);
		long compoundId = Long.parseLong(ids[3]);
		boolean staff = actor.reaches(place.path(), Role.STAFF);
		Channel channel = staff && s.channel() != null ? Channel.valueOf(s.channel()) : Channel.RESIDENT;
		Instant now = clock.instant();
		RequestRules.Due due = rules.due(cityId, s.category(), urgency, now);
		Request draft = new Request(0, cityId, place.id(), place.path(), compoundId, Level.COMPOUND, compoundId, s.category(), urgency, s.title().strip(), s.description().strip(), Status.SUBMITTED,
				channel, actor.username(), staff ? null : actor.personId(), staff ? blankToNull(s.residentName()) : null,
				staff ? blankToNull(s.residentPhone()) : null, blankToNull(s.contactPreference()), null,
				due.acceptBy(), due.acceptBy(), due.resolveBy(), null, null, null, null, null, null, null, now, now, 0);
		long id = requests.insertSubmitted(draft);
		events.publishEvent(new RequestEvents.RequestSubmitted(id, compoundId, place.path(), s.title().strip(),
				s.category(), urgency.name(), now));

		events.publishEvent(ActionRecorded.of(actor.username(), "REQUEST_SUBMITTED", "request", id, place.path(),
				s.category()));
		return new Request(id, draft.cityId(), draft.nodeId(), draft.nodePath(), draft.compoundId(), draft.level(),
				draft.levelNodeId(), draft.category(), draft.urgency(), draft.title(), draft.description(),
				draft.status(), draft.channel(), draft.submittedBy(), draft.residentPersonId(), draft.residentName(),
				draft.residentPhone(), draft.contactPreference(), null, draft.firstAcceptDueAt(), draft.acceptDueAt(),
				draft.resolveDueAt(), null, null, null, null, null, null, null, now, now, 0);
	}

	/**
	 * Records where a request came from when another module filed it (a hazard on a grid worker's round): the
	 * request's page links back to it.
	 */
	public void recordOrigin(long requestId, String label, String link) {
		jdbc.sql("""
				insert into req_origin (request_id, request_submitted_at, label, link, city_id)
				select id, submitted_at, ?, ?, city_id from req_request where id = ?
				on conflict (request_id, city_id) do nothing""").params(label, link, requestId).update();
	}

	/** Where a request came from, if another module filed it: its label and link. */
	public java.util.Optional<String[]> origin(long requestId) {
		return jdbc.sql("select label, link from req_origin where request_id = ?").param(requestId)
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) }).optional();
	}

	/** Files a request and stores its photos in one transaction: either both are kept or neither. */
	public long submitWithPhotos(Actor actor, Submission s, List<org.xingfu.shared.Upload> photoBytes, RequestPhotos photos)
			throws java.io.IOException {
		long id = submit(actor, s);
		if (!photoBytes.isEmpty()) {
			photos.add(actor, id, photoBytes);
		}
		return id;
	}

	/** The first responder who accepts owns the case (接单即受理). */
	public void accept(Actor actor, long id) {
		Request r = visible(actor, id);
		requireStatus(r, Status.SUBMITTED);
		if (!mayAnswer(actor, r)) {
			throw new ForbiddenException("accept");
		}
		Instant now = clock.instant();
		change(r, "status = 'ACCEPTED', owner_username = ?, accepted_at = ?, first_accepted_at = coalesce(first_accepted_at, ?)",
				actor.username(), RequestRepository.ts(now), RequestRepository.ts(now));
		requests.event(r, now, actor.username(), "ACCEPTED", r.status(), Status.ACCEPTED, null, false,
				actor.username());
		events.publishEvent(new RequestEvents.RequestAccepted(id, actor.username(), now));
		audit(actor, "REQUEST_ACCEPTED", r);
	}

	/**
	 * Hands the case over to another person (who owns it from now on) or to a level above (which must accept it).
	 * Only the owner, or staff of the current level, may hand over; the case never drops.
	 */
	public void transfer(Actor actor, long id, String toUsername, Long toNodeId, String reason) {
		Request r = visible(actor, id);
		requireOpen(r);
		requireOwnerOrLevelStaff(actor, r);
		Instant now = clock.instant();
		if (toUsername != null && !toUsername.isBlank()) {
			Actor target = colleague(toUsername.strip())
				.filter(a -> a.reaches(r.nodePath(), Role.STAFF))
				.orElseThrow(() -> new ConflictException("request.error.transferTarget"));
			change(r, "status = 'ACCEPTED', owner_username = ?, accepted_at = ?, first_accepted_at = coalesce(first_accepted_at, ?)",
					target.username(), RequestRepository.ts(now), RequestRepository.ts(now));
			requests.event(r, now, actor.username(), "TRANSFERRED", r.status(), Status.ACCEPTED, reason, false,
					target.username());
			events.publishEvent(new RequestEvents.RequestHandedOver(id, r.title(), target.username(), null,
					actor.username(), now));
		}
		else if (toNodeId != null) {
			NodeRef node = directory.ancestry(r.nodePath()).stream().filter(n -> n.id() == toNodeId)
				.filter(n -> levelOf(n.type()).isPresent())
				.findFirst()
				.orElseThrow(() -> new ConflictException("request.error.transferTarget"));
			Level level = levelOf(node.type()).orElseThrow();
			moveToLevel(r, level, node.id(), now);
			requests.event(r, now, actor.username(), "TRANSFERRED", r.status(), Status.SUBMITTED, reason, false,
					node.name());
			events.publishEvent(new RequestEvents.RequestHandedOver(id, r.title(), null, node.id(), actor.username(),
					now));
		}
		else {
			throw new ConflictException("request.error.transferTarget");
		}
		audit(actor, "REQUEST_TRANSFERRED", r);
	}

	/** One rung up the ladder, by hand. */
	public void escalate(Actor actor, long id, String reason) {
		Request r = visible(actor, id);
		requireOpen(r);
		requireOwnerOrLevelStaff(actor, r);
		escalateOneLevel(r, actor.username(), reason, false);
		audit(actor, "REQUEST_ESCALATED", r);
	}

	/** The owner reports the case solved; the resident confirms or reopens. */
	public void resolve(Actor actor, long id, String note) {
		Request r = visible(actor, id);
		requireStatus(r, Status.ACCEPTED, Status.IN_PROGRESS);
		if (!actor.username().equals(r.ownerUsername())) {
			throw new ForbiddenException("resolve");
		}
		Instant now = clock.instant();
		change(r, "status = 'RESOLVED', resolved_at = ?", RequestRepository.ts(now));
		requests.event(r, now, actor.username(), "RESOLVED", r.status(), Status.RESOLVED, note, false, null);
		events.publishEvent(new RequestEvents.RequestResolved(id, r.title(), actor.username(), r.residentPersonId(), now));
		audit(actor, "REQUEST_RESOLVED", r);
	}

	/** The resident confirms the resolution and rates it; the case closes. */
	public void confirm(Actor actor, long id, Satisfaction satisfaction, String comment) {
		Request r = visible(actor, id);
		requireStatus(r, Status.RESOLVED);
		requireResident(actor, r);
		Instant now = clock.instant();
		change(r, "status = 'CLOSED', confirmed_at = ?, closed_at = ?, satisfaction = ?", RequestRepository.ts(now),
				RequestRepository.ts(now), satisfaction.name());
		requests.event(r, now, actor.username(), "CONFIRMED", r.status(), Status.CLOSED, comment, false,
				satisfaction.name());
		events.publishEvent(new RequestEvents.RequestClosed(id, satisfaction.name(), now));
		audit(actor, "REQUEST_CONFIRMED", r);
	}

	/** Not solved after all: back to the owner, within the reopen window after resolution. */
	public void reopen(Actor actor, long id, String reason) {
		Request r = visible(actor, id);
		requireStatus(r, Status.RESOLVED, Status.CLOSED);
		requireResident(actor, r);
		Instant now = clock.instant();
		Instant since = r.resolvedAt() == null ? r.closedAt() : r.resolvedAt();
		if (since != null && since.plus(Duration.ofDays(rules.reopenDays(r.cityId()))).isBefore(now)) {
			throw new ConflictException("request.error.reopenWindow", rules.reopenDays(r.cityId()));
		}
		RequestRules.Due due = rules.due(r.cityId(), r.category(), r.urgency(), now);
		change(r, "status = 'IN_PROGRESS', resolved_at = null, confirmed_at = null, closed_at = null, satisfaction = null, resolve_due_at = ?",
				RequestRepository.ts(due.resolveBy()));
		requests.event(r, now, actor.username(), "REOPENED", r.status(), Status.IN_PROGRESS, reason, false, null);
		audit(actor, "REQUEST_REOPENED", r);
	}

	/** Closes an open case without solving it, with the reason the resident will read. */
	public void reject(Actor actor, long id, String reason) {
		Request r = visible(actor, id);
		requireOpen(r);
		requireOwnerOrLevelStaff(actor, r);
		Instant now = clock.instant();
		change(r, "status = 'REJECTED', closed_at = ?", RequestRepository.ts(now));
		requests.event(r, now, actor.username(), "REJECTED", r.status(), Status.REJECTED, reason, false, null);
		audit(actor, "REQUEST_REJECTED", r);
	}

	/** The same matter as another open case of the same compound: follow that one instead. */
	public void merge(Actor actor, long id, long intoId) {
		Request r = visible(actor, id);
		requireOpen(r);
		requireOwnerOrLevelStaff(actor, r);
		Request into = visible(actor, intoId);
		if (into.id() == r.id() || !into.status().open() || into.compoundId() != r.compoundId()) {
			throw new ConflictException("request.error.mergeTarget");
		}
		Instant now = clock.instant();
		change(r, "status = 'MERGED', merged_into = ?, merged_into_submitted_at = ?, closed_at = ?", into.id(),
				RequestRepository.ts(into.submittedAt()), RequestRepository.ts(now));
		requests.event(r, now, actor.username(), "MERGED", r.status(), Status.MERGED, null, false,
				String.valueOf(into.id()));
		requests.event(into, now, actor.username(), "DUPLICATE_MERGED", null, null, null, false,
				String.valueOf(r.id()));
		audit(actor, "REQUEST_MERGED", r);
	}

	/**
	 * Adds a note to the timeline. An internal note (who to call, what the property company said) is shown to
	 * staff only, never to the resident.
	 */
	public void note(Actor actor, long id, String text, boolean internal) {
		Request r = visible(actor, id);
		if (!actor.reaches(r.nodePath(), Role.STAFF)) {
			throw new ForbiddenException("note");
		}
		requests.event(r, clock.instant(), actor.username(), internal ? "INTERNAL_NOTE" : "NOTE", null, null,
				text.strip(), internal, null);
		audit(actor, "REQUEST_NOTED", r);
	}

	/** How long a summoned department has to report (Beijing: on site within 30 minutes). */
	static final Duration ACKNOWLEDGE_WITHIN = Duration.ofMinutes(30);

	/**
	 * 吹哨: a street admin summons a city department to an open case; the department must acknowledge within
	 * {@link #ACKNOWLEDGE_WITHIN}. The summons and the acknowledgement are on the timeline.
	 */
	public void summon(Actor actor, long id, String department, String note) {
		Request r = visible(actor, id);
		requireOpen(r);
		if (!actor.reaches(r.nodePath(), EnumSet.of(Role.STREET_ADMIN, Role.CITY_ADMIN))) {
			throw new ForbiddenException("summon");
		}
		Actor target = accounts.actorOf(department == null ? "" : department.strip())
			.filter(a -> a.has(Role.CITY_DEPARTMENT) && a.reaches(r.nodePath(), EnumSet.of(Role.CITY_DEPARTMENT)))
			.orElseThrow(() -> new InvalidFieldException("department", "request.error.department"));
		Instant now = clock.instant();
		jdbc.sql("""
				insert into req_summons (request_id, request_submitted_at, department, summoned_by, summoned_at,
				  acknowledge_due, note, city_id)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, RequestRepository.ts(r.submittedAt()), target.username(), actor.username(), RequestRepository.ts(now),
					RequestRepository.ts(now.plus(ACKNOWLEDGE_WITHIN)), note, r.cityId())
			.update();
		requests.event(r, now, actor.username(), "SUMMONED", null, null, note, false, target.username());
		audit(actor, "REQUEST_SUMMONED", r);
	}

	/** The summoned department reports (报到); the time is recorded, late or not. */
	public void acknowledge(Actor actor, long id) {
		Request r = visible(actor, id);
		Instant now = clock.instant();
		int updated = jdbc.sql("""
				update req_summons set acknowledged_at = ?
				 where request_id = ? and department = ? and acknowledged_at is null""")
			.params(RequestRepository.ts(now), id, actor.username()).update();
		if (updated == 0) {
			throw new ConflictException("request.error.noSummons");
		}
		requests.event(r, now, actor.username(), "ACKNOWLEDGED", null, null, null, false, null);
		audit(actor, "REQUEST_ACKNOWLEDGED", r);
	}

	/** Summonses of a request, for its page and API. */
	public List<Summons> summonses(Actor actor, long id) {
		visible(actor, id);
		return jdbc.sql("""
				select department, summoned_by, summoned_at, acknowledge_due, acknowledged_at, note
				  from req_summons where request_id = ? order by id""")
			.param(id)
			.query((rs, i) -> {
				Instant due = rs.getTimestamp(4).toInstant();
				Instant acknowledged = rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant();
				boolean late = acknowledged != null ? acknowledged.isAfter(due) : clock.instant().isAfter(due);
				return new Summons(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), due, acknowledged,
						rs.getString(6), late);
			})
			.list();
	}

	/** A department summoned to a case, and when it reported. */
	public record Summons(String department, String summonedBy, Instant summonedAt, Instant acknowledgeDue,
			Instant acknowledgedAt, String note, boolean late) {
	}

	/**
	 * Moves a case one level up: the new level must accept it within a fresh acceptance window; the resolution
	 * deadline the resident was given stays. Used by hand and by the overdue job.
	 */
	void escalateOneLevel(Request r, String actor, String reason, boolean automatic) {
		Level next = r.level().next().orElseThrow(() -> new ConflictException("request.error.topLevel"));
		NodeType type = switch (next) {
			case COMMUNITY -> NodeType.COMMUNITY;
			case STREET -> NodeType.STREET;
			case CITY -> NodeType.CITY;
			case COMPOUND -> NodeType.COMPOUND;
		};
		NodeRef node = directory.ancestry(r.nodePath()).stream().filter(n -> n.type() == type).findFirst()
			.orElseThrow();
		Instant now = clock.instant();
		moveToLevel(r, next, node.id(), now);
		requests.event(r, now, actor, automatic ? "AUTO_ESCALATED" : "ESCALATED", r.status(), Status.SUBMITTED,
				reason, false, node.name());
		events.publishEvent(new RequestEvents.RequestEscalated(r.id(), r.title(), next.name(), node.id(), automatic, now));
	}

	private void moveToLevel(Request r, Level level, long nodeId, Instant now) {
		change(r, "status = 'SUBMITTED', owner_username = null, level = ?, level_node_id = ?, level_entered_at = ?, accept_due_at = ?",
				level.name(), nodeId, RequestRepository.ts(now),
				RequestRepository.ts(rules.acceptBy(r.cityId(), r.category(), r.urgency(), now)));
	}

	// --- rules of who may do what ---

	/** Whether the actor answers for this case at its current level. */
	boolean mayAnswer(Actor actor, Request r) {
		return switch (r.level()) {
			case COMPOUND -> actor.grants().stream()
				.filter(g -> FIRST_RESPONDERS.contains(g.role()))
				.filter(g -> g.role() != Role.PROPERTY_STAFF || isPropertyCategory(r.category()))
				.anyMatch(g -> g.scopePaths().stream().anyMatch(r.nodePath()::startsWith))
					|| actor.reaches(r.nodePath(), EnumSet.of(Role.COMMUNITY_STAFF));
			case COMMUNITY -> actor.reaches(r.nodePath(), EnumSet.of(Role.COMMUNITY_STAFF, Role.STREET_ADMIN));
			case STREET -> actor.reaches(r.nodePath(), EnumSet.of(Role.STREET_ADMIN, Role.CITY_ADMIN));
			case CITY -> actor.reaches(r.nodePath(), EnumSet.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT));
		};
	}

	private void requireOwnerOrLevelStaff(Actor actor, Request r) {
		if (!actor.username().equals(r.ownerUsername()) && !mayAnswer(actor, r)) {
			throw new ForbiddenException("handle request");
		}
	}

	private static void requireResident(Actor actor, Request r) {
		boolean own = r.residentPersonId() != null && r.residentPersonId().equals(actor.personId())
				|| r.submittedBy().equals(actor.username()) && !actor.isStaff();
		if (!own) {
			throw new ForbiddenException("confirm");
		}
	}

	/** Whether the actor answers for the request at its current level (pages show the actions by it). */
	public boolean mayAnswerPublic(Actor actor, long id) {
		return mayAnswer(actor, visible(actor, id));
	}

	/** The request, if the actor may see it: staff in whose scope it lies, or the resident who filed it. */
	Request visible(Actor actor, long id) {
		return requests.find(id).filter(r -> canSee(actor, r)).orElseThrow(() -> new NotFoundException("request", id));
	}

	static boolean canSee(Actor actor, Request r) {
		return actor.reaches(r.nodePath(), Role.STAFF)
				|| r.residentPersonId() != null && r.residentPersonId().equals(actor.personId())
				|| r.submittedBy().equals(actor.username());
	}

	private static void requireStatus(Request r, Status... allowed) {
		for (Status s : allowed) {
			if (r.status() == s) {
				return;
			}
		}
		throw new ConflictException("request.error.state", r.status().name());
	}

	private static void requireOpen(Request r) {
		if (!r.status().open()) {
			throw new ConflictException("request.error.state", r.status().name());
		}
	}

	private void change(Request r, String assignments, Object... params) {
		if (!requests.update(r.id(), r.version(), assignments, params)) {
			// someone else changed it first: report the state they left it in
			Status now = requests.find(r.id()).map(Request::status).orElse(r.status());
			throw new ConflictException("request.error.state", now.name());
		}
	}

	/** Where a request is filed: the given node in the actor's reach, or a resident's own household. */
	private NodeRef place(Actor actor, Long nodeId) {
		if (nodeId == null) {
			// the resident's own household: the grant already carries its id, name and path
			return actor.grants().stream().filter(g -> g.role() == Role.RESIDENT).findFirst()
				.map(g -> new NodeRef(g.nodeId(), NodeType.HOUSEHOLD, g.nodeName(), null, g.scopePaths().getFirst()))
				.orElseThrow(() -> new InvalidFieldException("householdId", "request.error.place"));
		}
		NodeRef node = directory.findNode(nodeId).orElseThrow(() -> new NotFoundException("node", nodeId));
		if (node.type().ordinal() < NodeType.COMPOUND.ordinal()) {
			throw new InvalidFieldException("compoundId", "request.error.place");
		}
		boolean staff = actor.reaches(node.path(), Role.STAFF);
		// a resident may point at their own household, or the building or compound it belongs to
		boolean resident = actor.grants().stream().filter(g -> g.role() == Role.RESIDENT)
			.flatMap(g -> g.scopePaths().stream())
			.anyMatch(home -> home.startsWith(node.path()));
		if (!staff && !resident) {
			throw new NotFoundException("node", nodeId);
		}
		return node;
	}

	private Optional<Actor> colleague(String username) {
		return accounts.actorOf(username);
	}

	boolean categoryExists(String code) {
		return rules.category(code).isPresent();
	}

	boolean isPropertyCategory(String code) {
		return rules.category(code).map(RequestRules.CategoryInfo::property).orElse(false);
	}

	static Optional<Level> levelOf(NodeType type) {
		return switch (type) {
			case COMPOUND -> Optional.of(Level.COMPOUND);
			case COMMUNITY -> Optional.of(Level.COMMUNITY);
			case STREET -> Optional.of(Level.STREET);
			case CITY -> Optional.of(Level.CITY);
			default -> Optional.empty();
		};
	}

	private void audit(Actor actor, String action, Request r) {
		events.publishEvent(ActionRecorded.of(actor.username(), action, "request", r.id(), r.nodePath(), null));
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.strip();
	}
}
