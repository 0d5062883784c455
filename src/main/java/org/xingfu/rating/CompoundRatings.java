package org.xingfu.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.xingfu.shared.Figure;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.NodeType;
import org.xingfu.shared.NotFoundException;
import org.xingfu.shared.Role;
import org.xingfu.shared.ScopeSql;
import org.xingfu.shared.StatisticsScope;

import tools.jackson.databind.ObjectMapper;

/**
 * Rates compounds: reads the rules, asks every module's statistics for a compound's figures of the year, adds the
 * inspectors' points, and applies {@link RatingArithmetic}. Results are stored per compound and year for the
 * ranking lists and dashboards; a community's compounds are rated together from one call per module.
 */
@Service
public class CompoundRatings {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	/** Who reads ratings: staff of the compound's area. */
	static final Set<Role> READERS = Set.of(Role.CITY_ADMIN, Role.CITY_DEPARTMENT, Role.STREET_ADMIN,
			Role.COMMUNITY_STAFF, Role.FIRST_SECRETARY, Role.SUNK_CADRE);

	/** Who scores inspections and recomputes: the street and the city. */
	static final Set<Role> INSPECTORS = Set.of(Role.CITY_ADMIN, Role.STREET_ADMIN);

	public record Indicator(long id, String dimension, String nameZh, String nameEn, String source, String figureCode,
			BigDecimal target, boolean lowerBetter, BigDecimal maxPoints, BigDecimal value, BigDecimal points,
			String link) {
	}

	public record Dimension(String code, String nameZh, String nameEn, BigDecimal earned, BigDecimal applicable,
			BigDecimal weight, BigDecimal percent) {
	}

	/** A compound's rating for a year: the total out of 100, the stars, the dimensions and their indicators. */
	public record Rating(long compoundId, String compoundName, int year, BigDecimal total, int stars,
			List<Dimension> dimensions, List<Indicator> indicators, Instant computedAt) {
	}

	/** A stored result, for ranking lists. */
	public record Ranked(long compoundId, String compoundName, String path, BigDecimal total, int stars, Instant computedAt) {
	}

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final List<NodeStatistics> statistics;
	private final RatingRules rules;
	private final ApplicationEventPublisher events;
	private final ObjectMapper json;
	private final Clock clock;

	CompoundRatings(JdbcClient jdbc, OrganizationDirectory directory, List<NodeStatistics> statistics, RatingRules rules,
			ApplicationEventPublisher events, ObjectMapper json, Optional<Clock> clock) {
		this.jdbc = jdbc;
		this.directory = directory;
		// the rating's own figures are read from its results: asking them here would go round in a circle
		this.statistics = statistics.stream().filter(s -> !(s instanceof RatingStatistics)).toList();
		this.rules = rules;
		this.events = events;
		this.json = json;
		this.clock = clock.orElse(Clock.systemUTC());
	}

	/** A compound the actor may read the rating of. */
	public NodeRef compound(Actor actor, long compoundId) {
		return directory.findNode(compoundId).filter(n -> n.type() == NodeType.COMPOUND)
			.filter(n -> actor.reaches(n.path(), READERS))
			.orElseThrow(() -> new NotFoundException("compound", compoundId));
	}

	/** The compound's rating for the year, computed now (and stored). */
	@Transactional
	public Rating rate(Actor actor, long compoundId, int year) {
		NodeRef compound = compound(actor, compoundId);
		checkYear(year);
		return rateAll(compound, year).getFirst();
	}

	/**
	 * Rates every compound under a node (a compound, or all compounds of a community, street or city) for the year
	 * and stores the results; returns them in path order.
	 */
	@Transactional
	public List<Rating> rateAll(NodeRef node, int year) {
		// planned for the actual ranges, as the dashboards do (Dashboards#build)
		jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
		RatingRules.Rules r = rules.current();
		List<NodeRef> groups = node.type() == NodeType.COMPOUND ? List.of(node)
				: node.type() == NodeType.COMMUNITY ? List.of(node) : directory.nodesUnder(node.path(), NodeType.COMMUNITY, 10_000);
		Instant from = LocalDate.of(year, 1, 1).atStartOfDay(CHINA).toInstant();
		Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(CHINA).toInstant();
		Instant now = clock.instant();
		if (to.isAfter(now)) {
			to = now;
		}
		List<Rating> result = new ArrayList<>();
		for (NodeRef group : groups) {
			StatisticsScope scope = new StatisticsScope(group.id(), group.path(), group.type(), from, to);
			Map<Long, Map<String, Figure>> figures = new HashMap<>();
			for (NodeStatistics s : statistics) {
				s.figures(scope).forEach((id, list) -> {
					Map<String, Figure> m = figures.computeIfAbsent(id, k -> new HashMap<>());
					list.forEach(f -> m.put(f.code(), f));
				});
			}
			List<NodeRef> compounds = group.type() == NodeType.COMPOUND ? List.of(group)
					: directory.childNodes(group.id(), 10_000).stream().filter(c -> c.type() == NodeType.COMPOUND).toList();
			Map<Long, Map<Long, BigDecimal>> inspected = inspectionAverages(group.path(), year);
			Map<String, Figure.Kind> kinds = new HashMap<>();
			figures.getOrDefault(group.id(), Map.of()).forEach((code, f) -> kinds.put(code, f.kind()));
			for (NodeRef c : compounds) {
				Rating rating = rating(r, c, year, figures.getOrDefault(c.id(), Map.of()), kinds,
						inspected.getOrDefault(c.id(), Map.of()), now);
				store(c, rating);
				result.add(rating);
			}
		}
		return result;
	}

	private Rating rating(RatingRules.Rules r, NodeRef compound, int year, Map<String, Figure> figures,
			Map<String, Figure.Kind> kinds, Map<Long, BigDecimal> inspected, Instant now) {
		Map<Long, BigDecimal> values = new HashMap<>();
		for (RatingRules.IndicatorRule i : r.indicators()) {
			if (i.rule().inspected()) {
				values.put(i.rule().id(), inspected.get(i.rule().id()));
			}
			else {
				Figure f = figures.get(i.rule().figureCode());
				// a module reports nothing for a compound it has nothing to count in: a count is then zero, a rate
				// (nothing to divide by) does not apply
				Figure.Kind kind = f != null ? f.kind() : kinds.get(i.rule().figureCode());
				values.put(i.rule().id(), f != null ? f.value() : kind == null || kind == Figure.Kind.PERCENT ? null : BigDecimal.ZERO);
			}
		}
		RatingArithmetic.Result res = RatingArithmetic.rate(r.indicators().stream().map(RatingRules.IndicatorRule::rule).toList(),
				values, r.dimensions().stream().map(RatingRules.DimensionRule::code).toList(), r.starLevels());
		List<Dimension> dims = new ArrayList<>();
		for (RatingArithmetic.DimensionScore d : res.dimensions()) {
			RatingRules.DimensionRule dr = r.dimension(d.code());
			dims.add(new Dimension(d.code(), dr.nameZh(), dr.nameEn(), d.earned(), d.applicable(), d.weight(), d.percent()));
		}
		List<Indicator> indicators = new ArrayList<>();
		for (int k = 0; k < r.indicators().size(); k++) {
			RatingRules.IndicatorRule i = r.indicators().get(k);
			RatingArithmetic.Scored s = res.indicators().get(k);
			Figure f = i.rule().inspected() ? null : figures.get(i.rule().figureCode());
			indicators.add(new Indicator(i.rule().id(), i.rule().dimension(), i.nameZh(), i.nameEn(), i.rule().source(),
					i.rule().figureCode(), i.rule().target(), i.rule().lowerBetter(), i.rule().maxPoints(), s.value(),
					s.points(), f == null ? null : f.link()));
		}
		return new Rating(compound.id(), compound.name(), year, res.total(), res.stars(), dims, indicators, now);
	}

	/** The inspectors' average points per compound and indicator over the year's cycles. */
	private Map<Long, Map<Long, BigDecimal>> inspectionAverages(String path, int year) {
		Map<Long, Map<Long, BigDecimal>> result = new HashMap<>();
		jdbc.sql("""
				select compound_id, indicator_id, avg(points) from rtg_inspection_score
				 where node_path >= ? and node_path < ? and period like ? group by 1, 2""")
			.params(path, path + "~", year + "-%")
			.query(rs -> {
				result.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getLong(2),
						rs.getBigDecimal(3).setScale(2, RoundingMode.HALF_UP));
			});
		return result;
	}

	private void store(NodeRef compound, Rating rating) {
		Map<String, BigDecimal> dims = new LinkedHashMap<>();
		rating.dimensions().forEach(d -> dims.put(d.code(), d.percent()));
		jdbc.sql("""
				insert into rtg_result (compound_id, year, city_id, node_path, total, stars, dimensions, computed_at)
				values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
				on conflict (compound_id, year, city_id) do update set total = excluded.total, stars = excluded.stars,
				  dimensions = excluded.dimensions, computed_at = excluded.computed_at""")
			.params(compound.id(), rating.year(), ScopeSql.cityOf(compound.path()), compound.path(), rating.total(), rating.stars(),
					json.writeValueAsString(dims), Timestamp.from(rating.computedAt()))
			.update();
	}

	/** Recomputes every compound under a node the actor inspects; returns how many were rated. */
	@Transactional
	public int recompute(Actor actor, long nodeId, int year) {
		NodeRef node = directory.findNode(nodeId).filter(n -> actor.reaches(n.path(), INSPECTORS))
			.filter(n -> n.type().ordinal() <= NodeType.COMPOUND.ordinal())
			.orElseThrow(() -> new NotFoundException("node", nodeId));
		checkYear(year);
		int n = rateAll(node, year).size();
		events.publishEvent(ActionRecorded.of(actor.username(), "RATING_RECOMPUTED", "node", nodeId, node.path(),
				year + ": " + n));
		return n;
	}

	/** The stored results under a node, best first, for the ranking list. */
	@Transactional(readOnly = true)
	public List<Ranked> ranking(String path, int year, int limit) {
		return jdbc.sql("""
				select r.compound_id, n.name, r.node_path, r.total, r.stars, r.computed_at
				  from rtg_result r join org_node n on n.id = r.compound_id and n.city_id = r.city_id
				 where r.year = ? and r.node_path >= ? and r.node_path < ? order by r.total desc, n.path limit ?""")
			.params(year, path, path + "~", limit)
			.query((rs, i) -> new Ranked(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
					rs.getInt(5), rs.getTimestamp(6).toInstant()))
			.list();
	}

	/**
	 * The monthly dispatch: rates every compound under the node for the year so far and keeps each one's total and
	 * stars as the month's figure (a second run in the same month replaces it).
	 */
	@Transactional
	public int dispatchMonth(NodeRef node) {
		int year = currentYear();
		String month = java.time.YearMonth.now(clock.withZone(CHINA)).toString();
		List<Rating> rated = rateAll(node, year);
		for (Rating r : rated) {
			jdbc.sql("""
					insert into rtg_month (compound_id, month, node_path, total, stars, city_id)
					select ?, ?, path, ?, ?, city_id from org_node where id = ?
					on conflict (compound_id, month, city_id) do update set total = excluded.total, stars = excluded.stars""")
				.params(r.compoundId(), month, r.total(), r.stars(), r.compoundId()).update();
		}
		return rated.size();
	}

	/** A month's figure of the dispatch. */
	public record MonthScore(String month, BigDecimal total, int stars) {
	}

	/** The compound's monthly figures of a year, in order. */
	@Transactional(readOnly = true)
	public List<MonthScore> months(long compoundId, int year) {
		return jdbc.sql("select month, total, stars from rtg_month where compound_id = ? and month like ? order by month")
			.params(compoundId, year + "-%")
			.query((rs, i) -> new MonthScore(rs.getString(1), rs.getBigDecimal(2), rs.getInt(3)))
			.list();
	}

	/** The stored dimension shares (percent) of a compound's result, by dimension code. */
	@Transactional(readOnly = true)
	public Map<String, BigDecimal> dimensionsOf(long compoundId, int year) {
		Map<String, BigDecimal> result = new LinkedHashMap<>();
		jdbc.sql("select d.key, d.value from rtg_result r, jsonb_each_text(r.dimensions) d where r.compound_id = ? and r.year = ?")
			.params(compoundId, year)
			.query(rs -> {
				result.put(rs.getString(1), rs.getString(2) == null ? null : new BigDecimal(rs.getString(2)));
			});
		return result;
	}

	/** An inspector's points for an indicator of a compound in a cycle; the compound is rated again. */
	@Transactional
	public Rating score(Actor actor, long compoundId, long indicatorId, String period, BigDecimal points, String note) {
		NodeRef compound = compound(actor, compoundId);
		if (!actor.reaches(compound.path(), INSPECTORS)) {
			throw new ForbiddenException("rating-score");
		}
		if (period == null || !period.matches("[0-9]{4}-(Q[1-4]|H[12]|Y)")) {
			throw new InvalidFieldException("period", "rating.error.period");
		}
		int year = Integer.parseInt(period.substring(0, 4));
		checkYear(year);
		RatingRules.IndicatorRule rule = rules.current().indicators().stream().filter(i -> i.rule().id() == indicatorId)
			.filter(i -> i.rule().inspected()).findFirst()
			.orElseThrow(() -> new InvalidFieldException("indicatorId", "rating.error.notInspected"));
		if (points == null || points.signum() < 0 || points.compareTo(rule.rule().maxPoints()) > 0) {
			throw new InvalidFieldException("points", "rating.error.points", rule.rule().maxPoints().stripTrailingZeros().toPlainString());
		}
		jdbc.sql("""
				insert into rtg_inspection_score (compound_id, indicator_id, period, city_id, node_path, points, note, scored_by)
				values (?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (compound_id, indicator_id, period, city_id) do update set points = excluded.points,
				  note = excluded.note, scored_by = excluded.scored_by, scored_at = excluded.scored_at""")
			.params(compoundId, indicatorId, period, ScopeSql.cityOf(compound.path()), compound.path(), points.setScale(2, RoundingMode.HALF_UP),
					note == null || note.isBlank() ? null : note.strip(), actor.username())
			.update();
		events.publishEvent(ActionRecorded.of(actor.username(), "RATING_SCORED", "compound", compoundId, compound.path(),
				period + " #" + indicatorId + " = " + points.toPlainString()));
		return rateAll(compound, year).getFirst();
	}

	/** An inspector's points as recorded, for the compound page. */
	public record InspectionScore(long indicatorId, String period, BigDecimal points, String note, String scoredBy,
			Instant scoredAt) {
	}

	@Transactional(readOnly = true)
	public List<InspectionScore> inspectionScores(long compoundId, int year) {
		return jdbc.sql("""
				select indicator_id, period, points, note, scored_by, scored_at from rtg_inspection_score
				 where compound_id = ? and period like ? order by period, indicator_id""")
			.params(compoundId, year + "-%")
			.query((rs, i) -> new InspectionScore(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4),
					rs.getString(5), rs.getTimestamp(6).toInstant()))
			.list();
	}

	public int currentYear() {
		return LocalDate.now(clock.withZone(CHINA)).getYear();
	}

	private void checkYear(int year) {
		if (year < 2000 || year > currentYear()) {
			throw new InvalidFieldException("year", "rating.error.year");
		}
	}
}
