package org.xingfu.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.Figure;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.InvalidFieldException;
import org.xingfu.shared.NodeStatistics;
import org.xingfu.shared.Role;
import org.xingfu.shared.StatisticsScope;

/**
 * The editable rules of the rating: the eight dimensions' names, the indicators with their points and targets, and
 * the star thresholds. The city administrator changes them in one form, checked as a whole: the points add up to
 * 100, every figure indicator names a figure some module reports, the thresholds fall with the stars.
 */
@Service
public class RatingRules {

	public record DimensionRule(String code, String nameZh, String nameEn) {
	}

	/** An indicator as the rules hold it (the accessors are for pages: the arithmetic's rule is package-private). */
	public record IndicatorRule(RatingArithmetic.Rule rule, String nameZh, String nameEn) {

		public long id() {
			return rule.id();
		}

		public String dimension() {
			return rule.dimension();
		}

		public boolean inspected() {
			return rule.inspected();
		}

		public String figureCode() {
			return rule.figureCode();
		}

		public BigDecimal target() {
			return rule.target();
		}

		public boolean lowerBetter() {
			return rule.lowerBetter();
		}

		public BigDecimal maxPoints() {
			return rule.maxPoints();
		}
	}

	public record Rules(List<DimensionRule> dimensions, List<IndicatorRule> indicators, Map<Integer, BigDecimal> starLevels) {

		DimensionRule dimension(String code) {
			return dimensions.stream().filter(d -> d.code().equals(code)).findFirst()
				.orElse(new DimensionRule(code, code, code));
		}
	}

	/** One indicator row of the settings form; {@code id} null for a new one, {@code remove} to drop it. */
	public record IndicatorChange(Long id, String dimension, String nameZh, String nameEn, String source,
			String figureCode, BigDecimal target, boolean lowerBetter, BigDecimal maxPoints, boolean remove) {
	}

	private final JdbcClient jdbc;
	private final List<NodeStatistics> statistics;
	private final ApplicationEventPublisher events;
	private volatile Set<String> figureCodes;

	RatingRules(JdbcClient jdbc, List<NodeStatistics> statistics, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.statistics = statistics;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public Rules current() {
		List<DimensionRule> dimensions = jdbc.sql("select code, name_zh, name_en from rtg_dimension order by sort_order")
			.query((rs, i) -> new DimensionRule(rs.getString(1), rs.getString(2), rs.getString(3))).list();
		List<IndicatorRule> indicators = jdbc.sql("""
				select i.id, i.dimension, i.source, i.figure_code, i.target, i.lower_better, i.max_points, i.name_zh, i.name_en
				  from rtg_indicator i join rtg_dimension d on d.code = i.dimension order by d.sort_order, i.sort_order, i.id""")
			.query((rs, n) -> new IndicatorRule(new RatingArithmetic.Rule(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getBigDecimal(5), rs.getBoolean(6), rs.getBigDecimal(7)), rs.getString(8),
					rs.getString(9)))
			.list();
		Map<Integer, BigDecimal> stars = new LinkedHashMap<>();
		jdbc.sql("select stars, min_score from rtg_star_level order by stars desc").query(rs -> {
			stars.put(rs.getInt(1), rs.getBigDecimal(2));
		});
		return new Rules(dimensions, indicators, stars);
	}

	/**
	 * The codes of every figure the modules report, for the settings form's choice and its check. Found by asking
	 * each module for an empty period at the root path, once.
	 */
	public Set<String> figureCodes() {
		Set<String> codes = figureCodes;
		if (codes == null) {
			codes = new TreeSet<>();
			java.time.Instant now = java.time.Instant.now();
			Long root = jdbc.sql("select id from org_node where parent_id is null order by id limit 1").query(Long.class)
				.optional().orElse(null);
			if (root != null) {
				StatisticsScope scope = new StatisticsScope(root, "/" + root + "/", org.xingfu.shared.NodeType.CITY, now, now);
				for (NodeStatistics s : statistics) {
					if (!(s instanceof RatingStatistics)) {
						s.figures(scope).getOrDefault(root, List.of()).stream().map(Figure::code).forEach(codes::add);
					}
				}
				figureCodes = codes;
			}
		}
		return codes;
	}

	@Transactional
	public void save(Actor actor, Map<String, String[]> dimensionNames, List<IndicatorChange> changes,
			Map<Integer, BigDecimal> starLevels) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("rating-rules");
		}
		Rules before = current();
		Set<String> dimensionCodes = new TreeSet<>(before.dimensions().stream().map(DimensionRule::code).toList());
		List<BigDecimal> points = new ArrayList<>();
		for (int k = 0; k < changes.size(); k++) {
			IndicatorChange c = changes.get(k);
			if (c.remove()) {
				continue;
			}
			String field = "indicators[" + k + "]";
			if (c.nameZh() == null || c.nameZh().isBlank() || c.nameZh().strip().length() > 60) {
				throw new InvalidFieldException(field + ".nameZh", "rating.error.indicatorName");
			}
			if (c.dimension() == null || !dimensionCodes.contains(c.dimension())) {
				throw new InvalidFieldException(field + ".dimension", "rating.error.dimension");
			}
			if (c.maxPoints() == null || c.maxPoints().signum() <= 0 || c.maxPoints().scale() > 2
					|| c.maxPoints().compareTo(RatingArithmetic.HUNDRED) > 0) {
				throw new InvalidFieldException(field + ".maxPoints", "rating.error.maxPoints");
			}
			if (!"INSPECTION".equals(c.source())) {
				if (c.figureCode() == null || !figureCodes().contains(c.figureCode())) {
					throw new InvalidFieldException(field + ".figureCode", "rating.error.figureCode");
				}
				if (c.target() == null || c.target().signum() <= 0) {
					throw new InvalidFieldException(field + ".target", "rating.error.target");
				}
			}
			points.add(c.maxPoints());
		}
		if (!RatingArithmetic.weightsAddUp(points)) {
			throw new InvalidFieldException("indicators", "rating.error.weights",
					points.stream().reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros().toPlainString());
		}
		if (!RatingArithmetic.starLevelsValid(starLevels)) {
			throw new InvalidFieldException("stars", "rating.error.stars");
		}
		dimensionNames.forEach((code, names) -> {
			if (!dimensionCodes.contains(code) || names[0] == null || names[0].isBlank() || names[0].strip().length() > 30) {
				throw new InvalidFieldException("dimensions." + code, "rating.error.dimensionName");
			}
		});
		dimensionNames.forEach((code, names) -> jdbc.sql("update rtg_dimension set name_zh = ?, name_en = ? where code = ?")
			.params(names[0].strip(), names.length > 1 && names[1] != null && !names[1].isBlank() ? names[1].strip()
					: names[0].strip(), code)
			.update());
		int order = 0;
		for (IndicatorChange c : changes) {
			order++;
			boolean inspection = "INSPECTION".equals(c.source());
			if (c.id() != null && c.remove()) {
				jdbc.sql("delete from rtg_indicator where id = ?").param(c.id()).update();
			}
			else if (c.id() != null) {
				jdbc.sql("""
						update rtg_indicator set dimension = ?, name_zh = ?, name_en = ?, source = ?, figure_code = ?, target = ?,
						       lower_better = ?, max_points = ?, sort_order = ? where id = ?""")
					.params(c.dimension(), c.nameZh().strip(), nameEn(c), inspection ? "INSPECTION" : "FIGURE",
							inspection ? null : c.figureCode(), inspection ? null : c.target(), !inspection && c.lowerBetter(),
							c.maxPoints(), order, c.id())
					.update();
			}
			else if (!c.remove()) {
				jdbc.sql("""
						insert into rtg_indicator (dimension, name_zh, name_en, source, figure_code, target, lower_better,
						  max_points, sort_order) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(c.dimension(), c.nameZh().strip(), nameEn(c), inspection ? "INSPECTION" : "FIGURE",
							inspection ? null : c.figureCode(), inspection ? null : c.target(), !inspection && c.lowerBetter(),
							c.maxPoints(), order)
					.update();
			}
		}
		starLevels.forEach((stars, min) -> jdbc.sql("update rtg_star_level set min_score = ? where stars = ?")
			.params(min, stars).update());
		events.publishEvent(ActionRecorded.of(actor.username(), "RATING_RULES_CHANGED", "rating-rules", 1, "/",
				changes.size() + " indicators"));
	}

	private static String nameEn(IndicatorChange c) {
		return c.nameEn() == null || c.nameEn().isBlank() ? c.nameZh().strip() : c.nameEn().strip();
	}
}
