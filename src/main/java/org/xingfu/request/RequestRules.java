package org.xingfu.request;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.request.RequestTypes.Urgency;

/**
 * The configurable rules, read from the database and cached for a minute: time limits by category and urgency,
 * the business calendar, the reopen window and the weights of the composite score.
 */
@Component
class RequestRules {

	/** Limits for one category and urgency. */
	record TimeLimit(int acceptAmount, String acceptUnit, int resolveAmount, String resolveUnit) {
	}

	/** Due times computed for a request received at {@code from}. */
	record Due(Instant acceptBy, Instant resolveBy) {
	}

	/** A category's names and whether property staff answer it. */
	record CategoryInfo(String code, String nameZh, String nameEn, boolean property) {
	}

	/**
	 * Each city's own time limits and values over the installation's defaults (city 0, V66, issue 24), which a city
	 * without its own follows.
	 */
	private record Snapshot(Map<Long, Map<String, TimeLimit>> limits, BusinessCalendar calendar,
			Map<Long, Map<String, BigDecimal>> settings, Map<String, CategoryInfo> categories, Instant loadedAt) {

		TimeLimit limit(long city, String category, Urgency urgency) {
			for (long c : new long[] { city, DEFAULTS }) {
				TimeLimit own = limits.getOrDefault(c, Map.of()).get(category + "/" + urgency);
				if (own != null) {
					return own;
				}
			}
			TimeLimit cityWide = limits.getOrDefault(city, Map.of()).get("*/" + urgency);
			return cityWide != null ? cityWide : limits.get(DEFAULTS).get("*/" + urgency);
		}

		BigDecimal setting(long city, String name) {
			BigDecimal own = settings.getOrDefault(city, Map.of()).get(name);
			return own != null ? own : settings.getOrDefault(DEFAULTS, Map.of()).get(name);
		}
	}

	/** The installation's defaults, which every city follows until its administrator sets its own. */
	static final long DEFAULTS = 0;

	private static final Duration TTL = Duration.ofMinutes(1);

	private final JdbcClient jdbc;
	private volatile Snapshot snapshot;

	RequestRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Due due(long city, String category, Urgency urgency, Instant from) {
		Snapshot s = current();
		TimeLimit limit = s.limit(city, category, urgency);
		return new Due(add(s.calendar(), from, limit.acceptAmount(), limit.acceptUnit()),
				add(s.calendar(), from, limit.resolveAmount(), limit.resolveUnit()));
	}

	/** A fresh acceptance window for the level a case has just climbed to. */
	Instant acceptBy(long city, String category, Urgency urgency, Instant from) {
		return due(city, category, urgency, from).acceptBy();
	}

	TimeLimit limit(long city, String category, Urgency urgency) {
		return current().limit(city, category, urgency);
	}

	Optional<CategoryInfo> category(String code) {
		return code == null ? Optional.empty() : Optional.ofNullable(current().categories().get(code));
	}

	int reopenDays(long city) {
		BigDecimal days = current().setting(city, "reopen_days");
		return days == null ? 7 : days.intValue();
	}

	BigDecimal weight(long city, String name) {
		return current().setting(city, "weight_" + name);
	}

	BusinessCalendar calendar() {
		return current().calendar();
	}

	void invalidate() {
		snapshot = null;
	}

	private static Instant add(BusinessCalendar calendar, Instant from, int amount, String unit) {
		return "WORKING_DAYS".equals(unit) ? calendar.addWorkingDays(from, amount) : BusinessCalendar.addHours(from, amount);
	}

	private Snapshot current() {
		Snapshot s = snapshot;
		if (s == null || s.loadedAt().plus(TTL).isBefore(Instant.now())) {
			Map<Long, Map<String, TimeLimit>> limits = new HashMap<>();
			jdbc.sql("select category_code, urgency, accept_amount, accept_unit, resolve_amount, resolve_unit, city_id "
					+ "from req_time_limit")
				.query(rs -> {
					String category = rs.getString(1);
					limits.computeIfAbsent(rs.getLong(7), c -> new HashMap<>()).put(
							(category == null ? "*" : category) + "/" + rs.getString(2),
							new TimeLimit(rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
				});
			Map<LocalDate, BusinessCalendar.DayKind> days = new HashMap<>();
			jdbc.sql("select day, kind from req_calendar_day").query(rs -> {
				days.put(rs.getDate(1).toLocalDate(), BusinessCalendar.DayKind.valueOf(rs.getString(2)));
			});
			Map<Long, Map<String, BigDecimal>> settings = new HashMap<>();
			jdbc.sql("select name, value, city_id from req_setting").query(rs -> {
				settings.computeIfAbsent(rs.getLong(3), c -> new HashMap<>()).put(rs.getString(1), rs.getBigDecimal(2));
			});
			Map<String, CategoryInfo> categories = new HashMap<>();
			jdbc.sql("select code, name_zh, name_en, property from req_category").query(rs -> {
				categories.put(rs.getString(1), new CategoryInfo(rs.getString(1), rs.getString(2), rs.getString(3),
						rs.getBoolean(4)));
			});
			s = new Snapshot(limits, new BusinessCalendar(days), settings, categories, Instant.now());
			snapshot = s;
		}
		return s;
	}
}
