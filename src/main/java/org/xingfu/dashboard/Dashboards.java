package org.xingfu.dashboard;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.xingfu.organization.NodeRef;
import org.xingfu.organization.OrganizationDirectory;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Figure;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.StatisticsScope;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Builds a node's dashboard from every module's statistics: the node's figures in a fixed order of sections, the
 * same key figures for each child (the drill-down), and twelve months of the figures that have a trend. Who may
 * see which node is checked here; the modules count without an actor.
 */
@Service
public class Dashboards {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dashboards.class);

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** Who sees dashboards: the staff who lead an area (not the 三长 and grid workers, whose pages are their lists). */
	static final Set<Role> READERS = Set.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT, Role.STREET_ADMIN,
			Role.COMMUNITY_STAFF, Role.FIRST_SECRETARY, Role.SUNK_CADRE);

	/** Sections in display order, by the figure code's prefix. */
	static final List<String> SECTIONS = List.of("org", "request", "wish", "matching", "volunteer", "deliberation", "vote",
			"notice", "property", "fund", "renovation", "grid", "campaign", "rating");

	/** The figures the drill-down table shows for each child (the API gives them all). */
	static final List<String> KEY_FIGURES = List.of("org.households", "request.received", "request.responseRate",
			"request.satisfactionRate", "request.open", "request.overdue", "wish.fulfilled", "property.coverage",
			"campaign.coverage", "rating.averageScore");

	/** The figures drawn month by month. */
	static final List<String> TREND_FIGURES = List.of("request.received", "request.responseRate",
			"request.resolutionRate", "request.satisfactionRate", "wish.collected", "wish.fulfilled");

	/** Left off the public page: aggregates, but about vulnerable people (domain.md section 14). */
	static final Set<String> NOT_PUBLIC = Set.of("grid.careOverdue");

	public record Row(NodeRef node, Map<String, Figure> figures, boolean drillable) {

		public Figure get(String code) {
			return figures.get(code);
		}
	}

	public record Trend(List<String> months, Map<String, List<BigDecimal>> series) {
	}

	public record Dashboard(NodeRef node, List<NodeRef> ancestry, LocalDate from, LocalDate to, List<Figure> figures,
			Map<String, List<Figure>> sections, List<Row> children, Trend trend, Instant computedAt) {

		public Figure figure(String code) {
			return figures.stream().filter(f -> f.code().equals(code)).findFirst().orElse(null);
		}
	}

	private final List<NodeStatistics> statistics;
	private final OrganizationDirectory directory;
	private final Clock clock;
	private final Cache<String, Dashboard> publicCache = Caffeine.newBuilder().maximumSize(200)
		.expireAfterWrite(Duration.ofMinutes(5)).build();

	private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
	private final org.springframework.transaction.support.TransactionTemplate readOnly;

	Dashboards(List<NodeStatistics> statistics, OrganizationDirectory directory, Optional<Clock> clock,
			org.springframework.jdbc.core.simple.JdbcClient jdbc,
			org.springframework.transaction.PlatformTransactionManager transactions) {
		this.statistics = statistics;
		this.directory = directory;
		this.clock = clock.orElse(Clock.systemUTC());
		this.jdbc = jdbc;
		this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/** The highest node the actor leads, where their dashboard opens. */
	public Optional<NodeRef> home(Actor actor) {
		return actor.scopePaths(READERS).stream().map(this::nodeAt).flatMap(Optional::stream)
			.filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal())
			.min(Comparator.comparing((NodeRef n) -> n.type().ordinal()).thenComparing(NodeRef::path));
	}

	private Optional<NodeRef> nodeAt(String path) {
		String[] parts = path.split("/");
		return directory.findNode(Long.parseLong(parts[parts.length - 1]));
	}

	/** A node the actor may see the dashboard of: in their area, a compound or above. */
	public NodeRef visible(Actor actor, long nodeId) {
		return directory.findNode(nodeId).filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal())
			.filter(n -> actor.reaches(n.path(), READERS))
			.orElseThrow(() -> new NotFoundException("node", nodeId));
	}

	public Dashboard of(Actor actor, long nodeId, LocalDate from, LocalDate to) {
		NodeRef node = visible(actor, nodeId);
		List<NodeRef> ancestry = directory.ancestry(node.path()).stream().filter(a -> actor.reaches(a.path(), READERS))
			.toList();
		return build(node, ancestry, from, to, Set.of(), true);
	}

	/** The public page of a street or the city: aggregates only, the same for everyone, kept five minutes. */
	public Dashboard publicOf(long nodeId) {
		NodeRef node = directory.findNode(nodeId)
			.filter(n -> n.type() == NodeType.CITY || n.type() == NodeType.STREET)
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		LocalDate today = LocalDate.now(clock.withZone(CHINA));
		LocalDate from = today.withDayOfYear(1);
		return publicCache.get(nodeId + ":" + from + ":" + today,
				k -> build(node, directory.ancestry(node.path()), from, today, NOT_PUBLIC, false));
	}

	public Optional<NodeRef> firstCity() {
		return directory.cities().stream().findFirst();
	}

	public LocalDate defaultFrom() {
		return LocalDate.now(clock.withZone(CHINA)).withDayOfYear(1);
	}

	public LocalDate today() {
		return LocalDate.now(clock.withZone(CHINA));
	}

	/**
	 * One read-only transaction for all modules' queries, planned for their actual parameters: PostgreSQL's
	 * generic plan for a prepared statement (chosen after five executions) reads a whole city's index for a range
	 * it cannot see (bench/dashboard.sh: the city dashboard went from 110 ms to 330 ms after the fifth call).
	 */
	Dashboard build(NodeRef node, List<NodeRef> ancestry, LocalDate from, LocalDate to, Set<String> hidden,
			boolean drillable) {
		// figures may be a moment behind: from the read replica when there is one
		return org.xingfu.shared.ReadReplica.read(() -> readOnly.execute(status -> {
			jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
			return compute(node, ancestry, from, to, hidden, drillable);
		}));
	}

	private Dashboard compute(NodeRef node, List<NodeRef> ancestry, LocalDate from, LocalDate to, Set<String> hidden,
			boolean drillable) {
		if (from == null) {
			from = defaultFrom();
		}
		if (to == null) {
			to = today();
		}
		if (from.isAfter(to)) {
			throw new InvalidFieldException("from", "dashboard.error.period");
		}
		if (from.plusYears(3).isBefore(to)) {
			throw new InvalidFieldException("to", "dashboard.error.periodTooLong");
		}
		Instant a = from.atStartOfDay(CHINA).toInstant();
		Instant b = to.plusDays(1).atStartOfDay(CHINA).toInstant();
		StatisticsScope scope = new StatisticsScope(node.id(), node.path(), node.type(), a, b);
		Map<Long, Map<String, Figure>> byNode = new HashMap<>();
		List<Figure> own = new ArrayList<>();
		for (NodeStatistics s : statistics) {
			long started = System.nanoTime();
			Map<Long, List<Figure>> result = s.figures(scope);
			if (log.isDebugEnabled()) {
				log.debug("{} for node {}: {} ms", s.getClass().getSimpleName(), node.id(), (System.nanoTime() - started) / 1_000_000);
			}
			result.forEach((id, list) -> {
				Map<String, Figure> m = byNode.computeIfAbsent(id, k -> new LinkedHashMap<>());
				list.stream().filter(f -> !hidden.contains(f.code())).forEach(f -> m.put(f.code(), f));
			});
			result.getOrDefault(node.id(), List.of()).stream().filter(f -> !hidden.contains(f.code())).forEach(own::add);
		}
		own.sort(Comparator.comparingInt((Figure f) -> section(f.code())));
		Map<String, List<Figure>> sections = new LinkedHashMap<>();
		for (Figure f : own) {
			sections.computeIfAbsent(f.code().substring(0, f.code().indexOf('.')), k -> new ArrayList<>()).add(f);
		}
		List<Row> children = new ArrayList<>();
		if (node.type() != NodeType.COMPOUND) {
			for (NodeRef child : directory.childNodes(node.id(), 1000)) {
				Map<String, Figure> m = new LinkedHashMap<>();
				Map<String, Figure> counted = byNode.getOrDefault(child.id(), Map.of());
				for (Figure template : own) {
					Figure f = counted.get(template.code());
					// a module that counted nothing in the child reports no row: a count is zero, a rate has no value
					m.put(template.code(), f != null ? f : new Figure(template.code(), template.kind(),
							template.kind() == Figure.Kind.PERCENT || template.kind() == Figure.Kind.SCORE ? null : BigDecimal.ZERO,
							template.link() == null ? null
									: template.link().replaceAll("(nodeId=|/nodes/)" + node.id() + "(?![0-9])", "$1" + child.id())));
				}
				children.add(new Row(child, m, drillable && child.type().ordinal() <= NodeType.COMPOUND.ordinal()));
			}
		}
		return new Dashboard(node, ancestry, from, to, own, sections, children, trend(node, to, hidden), clock.instant());
	}

	/** Twelve months up to the end of the period, from the modules whose figures have a trend. */
	private Trend trend(NodeRef node, LocalDate to, Set<String> hidden) {
		long started = System.nanoTime();
		YearMonth last = YearMonth.from(to);
		List<String> months = new ArrayList<>();
		Map<String, List<BigDecimal>> series = new LinkedHashMap<>();
		TREND_FIGURES.forEach(c -> series.put(c, new ArrayList<>()));
		List<YearMonth> list = new ArrayList<>();
		for (int i = 11; i >= 0; i--) {
			list.add(last.minusMonths(i));
		}
		list.forEach(m -> months.add(m.toString()));
		Instant now = clock.instant();
		StatisticsScope scope = new StatisticsScope(node.id(), node.path(), node.type(), now, now, true);
		Map<YearMonth, Map<String, BigDecimal>> values = new HashMap<>();
		for (NodeStatistics s : statistics) {
			if (s.hasTrend()) {
				s.monthly(scope, list, CHINA, now).forEach((m, figures) -> figures
					.forEach(f -> values.computeIfAbsent(m, k -> new HashMap<>()).put(f.code(), f.value())));
			}
		}
		for (YearMonth m : list) {
			series.forEach((code, l) -> l.add(values.getOrDefault(m, Map.of()).get(code)));
		}
		series.keySet().removeIf(hidden::contains);
		log.debug("trend for node {}: {} ms", node.id(), (System.nanoTime() - started) / 1_000_000);
		return new Trend(months, series);
	}

	private static int section(String code) {
		int i = SECTIONS.indexOf(code.substring(0, code.indexOf('.')));
		return i < 0 ? SECTIONS.size() : i;
	}
}
