package org.xingfu.request;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Masking;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.PageResult;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;

/** Lists, details and rates of requests, filtered by the viewer's scope in the SQL. */
@Service
@Transactional(readOnly = true)
public class RequestQueries {

	/** Filters of the staff queue and the API list. */
	public record Filter(String status, Long nodeId, Boolean overdue, String category) {
	}

	/** A category with its names and default time limits. */
	public record Category(String code, String nameZh, String nameEn, String group, boolean property,
			String criteria, List<Limit> limits) {
		public record Limit(String urgency, int acceptAmount, String acceptUnit, int resolveAmount,
				String resolveUnit) {
		}
	}

	/** Totals of lists are exact up to this and reported as MAX_COUNT + 1 beyond. */
	public static final int MAX_COUNT = 10_000;

	private final JdbcClient jdbc;
	private final RequestRepository requests;
	private final RequestRules rules;
	private final OrganizationDirectory directory;
	private final Clock clock;

	RequestQueries(JdbcClient jdbc, RequestRepository requests, RequestRules rules, OrganizationDirectory directory,
			Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.requests = requests;
		this.rules = rules;
		this.directory = directory;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	public RequestView detail(Actor actor, long id) {
		Request r = requests.find(id).filter(x -> RequestManagement.canSee(actor, x))
			.orElseThrow(() -> new NotFoundException("request", id));
		boolean staff = actor.reaches(r.nodePath(), Role.STAFF);
		List<RequestView.TimelineEntry> timeline = requests.timeline(id, staff).stream()
			.map(e -> new RequestView.TimelineEntry(e.at(), e.actor(), e.type(), e.fromStatus(), e.toStatus(),
					e.note(), e.target()))
			.toList();
		return view(actor, r, timeline, directory.address(r.nodePath()));
	}

	/** Requests the actor may see, soonest due first; residents see the ones they filed. */
	public PageResult<RequestView> list(Actor actor, Filter filter, int page, int size) {
		Map<String, Object> params = new HashMap<>();
		List<String> where = new ArrayList<>();
		List<String> staffScope = actor.scopePaths(Role.STAFF);
		if (!staffScope.isEmpty()) {
			ScopeSql.Fragment scope = ScopeSql.within("node_path", staffScope, "s");
			where.add(scope.sql());
			params.putAll(scope.params());
		}
		else {
			where.add("(resident_person_id = :person or submitted_by = :username)");
			params.put("person", actor.personId() == null ? -1 : actor.personId());
			params.put("username", actor.username());
		}
		if ("OPEN".equals(filter.status())) {
			where.add("status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')");
		}
		else if (filter.status() != null && !filter.status().isBlank()) {
			where.add("status = :status");
			params.put("status", RequestTypes.Status.valueOf(filter.status()).name());
		}
		if (filter.category() != null && !filter.category().isBlank()) {
			where.add("category = :category");
			params.put("category", filter.category());
		}
		if (filter.nodeId() != null) {
			NodeRef node = directory.findNode(filter.nodeId()).orElseThrow(() -> new NotFoundException("node", filter.nodeId()));
			where.add("node_path >= :nodeLo and node_path < :nodeHi");
			params.put("nodeLo", node.path());
			params.put("nodeHi", ScopeSql.upperBound(node.path()));
		}
		if (Boolean.TRUE.equals(filter.overdue())) {
			where.add("((status = 'SUBMITTED' and accept_due_at < :now) or (status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS') and resolve_due_at < :now))");
			params.put("now", Timestamp.from(clock.instant()));
		}
		String condition = String.join(" and ", where);
		// a queue shows "10,000+" rather than counting a backlog of a hundred thousand every time
		long total = jdbc.sql("select count(*) from (select 1 from req_request where " + condition + " limit "
				+ (MAX_COUNT + 1) + ") t").params(params).query(Long.class).single();
		params.put("size", size);
		params.put("offset", (long) page * size);
		// with a status filter the order is plain due order, which an index can deliver page by page
		String order = filter.status() != null && !filter.status().isBlank() ? "resolve_due_at, id"
				: "case when status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS') then 0 else 1 end, resolve_due_at, id";
		List<Request> rows = jdbc.sql("select " + RequestRepository.COLUMNS + " from req_request where " + condition
				+ " order by " + order + " limit :size offset :offset")
			.params(params).query(RequestRepository::map).list();
		Map<String, String> addresses = directory.addresses(rows.stream().map(Request::nodePath).distinct().toList());
		return new PageResult<>(rows.stream().map(r -> view(actor, r, List.of(), addresses.get(r.nodePath()))).toList(),
				page, size, total);
	}

	/**
	 * The three rates for a node the actor may read, for requests received in [from, to): whole days up to the
	 * rolled-up mark come from the daily tallies ({@link RatesRollup}), the rest is counted live.
	 */
	public RequestRates rates(Actor actor, long nodeId, Instant from, Instant to) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.reaches(n.path(), Role.STAFF))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		java.time.LocalDate rolled = jdbc.sql("select rolled_until from req_rates_rollup where id = 1")
			.query(java.sql.Date.class).optional().map(java.sql.Date::toLocalDate).orElse(java.time.LocalDate.MIN);
		// the rolled-up part: whole Shanghai days inside [from, to) and not after the mark
		java.time.LocalDate firstDay = from.atZone(BusinessCalendar.ZONE).toLocalDate();
		if (!firstDay.atStartOfDay(BusinessCalendar.ZONE).toInstant().equals(from)) {
			firstDay = firstDay.plusDays(1);
		}
		java.time.LocalDate endDay = to.atZone(BusinessCalendar.ZONE).toLocalDate(); // exclusive
		if (endDay.isAfter(rolled.plusDays(1))) {
			endDay = rolled.plusDays(1);
		}
		long[] sums = new long[6];
		Instant liveFrom = from;
		// tallies are per compound: a building or household is always counted live
		boolean rollupCovers = node.type().ordinal() <= org.xingfu.shared.NodeType.COMPOUND.ordinal();
		if (rollupCovers && firstDay.isBefore(endDay)
				&& firstDay.atStartOfDay(BusinessCalendar.ZONE).toInstant().equals(from)) {
			jdbc.sql("""
					select coalesce(sum(received), 0), coalesce(sum(responded), 0), coalesce(sum(resolved), 0),
					       coalesce(sum(rated), 0), coalesce(sum(satisfied), 0), coalesce(sum(basically), 0)
					  from req_rates_daily
					 where compound_path >= :lo and compound_path < :hi and day >= :first and day < :end""")
				.param("lo", node.path())
				.param("hi", ScopeSql.upperBound(node.path()))
				.param("first", java.sql.Date.valueOf(firstDay))
				.param("end", java.sql.Date.valueOf(endDay))
				.query(rs -> {
					for (int i = 0; i < 6; i++) {
						sums[i] += rs.getLong(i + 1);
					}
				});
			liveFrom = endDay.atStartOfDay(BusinessCalendar.ZONE).toInstant();
		}
		if (liveFrom.isBefore(to)) {
			jdbc.sql("""
					select count(*),
					       count(*) filter (where first_accepted_at is not null and first_accepted_at <= first_accept_due_at),
					       count(*) filter (where confirmed_at is not null),
					       count(*) filter (where satisfaction is not null),
					       count(*) filter (where satisfaction = 'SATISFIED'),
					       count(*) filter (where satisfaction = 'BASICALLY_SATISFIED')
					  from req_request
					 where node_path >= :lo and node_path < :hi and submitted_at >= :from and submitted_at < :to""")
				.param("lo", node.path())
				.param("hi", ScopeSql.upperBound(node.path()))
				.param("from", Timestamp.from(liveFrom))
				.param("to", Timestamp.from(to))
				.query(rs -> {
					for (int i = 0; i < 6; i++) {
						sums[i] += rs.getLong(i + 1);
					}
				});
		}
		long city = ScopeSql.cityOf(node.path());
		return RequestRates.of(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], rules.weight(city, "response"),
				rules.weight(city, "resolution"), rules.weight(city, "satisfaction"));
	}

	/** An open request of the same compound that may be the same matter, without personal data. */
	public record Similar(long id, String title, String status, Instant submittedAt, double similarity) {
	}

	/** Open requests of the compound from the last eight weeks that read like {@code text}, most similar first. */
	public List<Similar> similarOpen(long compoundId, String text) {
		if (text == null || text.strip().length() < 4) {
			return List.of();
		}
		return jdbc.sql("""
				select id, title, status, submitted_at, similarity(title || ' ' || description, :text) as s
				  from req_request
				 where compound_id = :compound and submitted_at > now() - interval '8 weeks'
				   and status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')
				   and similarity(title || ' ' || description, :text) > 0.12
				 order by s desc limit 5""")
			.param("compound", compoundId)
			.param("text", text.strip())
			.query((rs, i) -> new Similar(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getDouble(5)))
			.list();
	}

	/** The compound of the actor's first household, for the resident's form. */
	public java.util.Optional<NodeRef> homeCompound(Actor actor) {
		return actor.grants().stream().filter(g -> g.role() == Role.RESIDENT).findFirst()
			.flatMap(g -> directory.findNode(g.nodeId()))
			.flatMap(h -> directory.ancestry(h.path()).stream()
				.filter(n -> n.type() == org.xingfu.shared.NodeType.COMPOUND).findFirst());
	}

	/** The categories with the time limits of this city (its own, or the installation's defaults). */
	public List<Category> categories(long city) {
		List<Category> result = new ArrayList<>();
		jdbc.sql("select code, name_zh, name_en, category_group, property, criteria_zh from req_category order by sort_order")
			.query(rs -> {
				String code = rs.getString(1);
				List<Category.Limit> limits = new ArrayList<>();
				for (RequestTypes.Urgency u : RequestTypes.Urgency.values()) {
					RequestRules.TimeLimit l = rules.limit(city, code, u);
					limits.add(new Category.Limit(u.name(), l.acceptAmount(), l.acceptUnit(), l.resolveAmount(),
							l.resolveUnit()));
				}
				result.add(new Category(code, rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
						rs.getString(6), limits));
			});
		return result;
	}

	private RequestView view(Actor actor, Request r, List<RequestView.TimelineEntry> timeline, String address) {
		boolean full = actor.seesPersonalDataAt(r.nodePath()) || r.submittedBy().equals(actor.username());
		boolean chinese = "zh".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage());
		String categoryName = rules.category(r.category()).map(c -> chinese ? c.nameZh() : c.nameEn())
			.orElse(r.category());
		return new RequestView(r.id(), r.category(), categoryName, r.urgency().name(), r.title(), r.description(),
				r.status().name(), r.level().name(), r.levelNodeId(), r.channel().name(), r.nodeId(),
				address, r.ownerUsername(), r.acceptDueAt(), r.resolveDueAt(),
				r.overdue(clock.instant()), r.submittedAt(), r.acceptedAt(), r.resolvedAt(), r.closedAt(),
				r.satisfaction() == null ? null : r.satisfaction().name(), r.mergedInto(),
				r.residentName() == null ? null : full ? r.residentName() : Masking.name(r.residentName()),
				r.residentPhone() == null ? null : full ? r.residentPhone() : Masking.phone(r.residentPhone()),
				timeline);
	}
}
