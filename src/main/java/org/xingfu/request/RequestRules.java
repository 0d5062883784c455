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

	private record Snapshot(Map<String, TimeLimit> limits, BusinessCalendar calendar, Map<String, BigDecimal> settings,
			Map<String, CategoryInfo> categories, Instant loadedAt) {
	}

	private static final Duration TTL = Duration.ofMinutes(1);

	private final JdbcClient jdbc;
	private volatile Snapshot snapshot;

	RequestRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Due due(String category, Urgency urgency, Instant from) {
		Snapshot s = current();
		TimeLimit limit = Optional.ofNullable(s.limits().get(category + "/" + urgency))
			.orElseGet(() -> s.limits().get("*/" + urgency));
		return new Due(add(s.calendar(), from, limit.acceptAmount(), limit.acceptUnit()),
				add(s.calendar(), from, limit.resolveAmount(), limit.resolveUnit()));
	}

	/** A fresh acceptance window for the level a case has just climbed to. */
	Instant acceptBy(String category, Urgency urgency, Instant from) {
		return due(category, urgency, from).acceptBy();
	}

	TimeLimit limit(String category, Urgency urgency) {
		Snapshot s = current();
		return Optional.ofNullable(s.limits().get(category + "/" + urgency)).orElseGet(() -> s.limits().get("*/" + urgency));
	}

	Optional<CategoryInfo> category(String code) {
		return code == null ? Optional.empty() : Optional.ofNullable(current().categories().get(code));
	}

	int reopenDays() {
		return current().settings().getOrDefault("reopen_days", BigDecimal.valueOf(7)).intValue();
	}

	BigDecimal weight(String name) {
		return current().settings().get("weight_" + name);
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
			Map<String, TimeLimit> limits = new HashMap<>();
			jdbc.sql("select category_code, urgency, accept_amount, accept_unit, resolve_amount, resolve_unit from req_time_limit")
				.query(rs -> {
					String category = rs.getString(1);
					limits.put((category == null ? "*" : category) + "/" + rs.getString(2),
							new TimeLimit(rs.getInt(3), rs.getString(4), rs.getInt(5), rs.getString(6)));
				});
			Map<LocalDate, BusinessCalendar.DayKind> days = new HashMap<>();
			jdbc.sql("select day, kind from req_calendar_day").query(rs -> {
				days.put(rs.getDate(1).toLocalDate(), BusinessCalendar.DayKind.valueOf(rs.getString(2)));
			});
			Map<String, BigDecimal> settings = new HashMap<>();
			jdbc.sql("select name, value from req_setting").query(rs -> {
				settings.put(rs.getString(1), rs.getBigDecimal(2));
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
