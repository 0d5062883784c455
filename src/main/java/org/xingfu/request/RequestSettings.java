package org.xingfu.request;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xingfu.request.RequestTypes.Urgency;
import org.xingfu.shared.ActionRecorded;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.Role;

/**
 * What a city admin changes without a redeploy: the time limits by urgency (and per category), the public
 * holidays and make-up working days, the reopen window and the weights of the composite score.
 */
@Service
class RequestSettings {

	record LimitRow(Long id, String category, String urgency, int acceptAmount, String acceptUnit, int resolveAmount,
			String resolveUnit) {
	}

	record DayRow(LocalDate day, String kind, String name) {
	}

	private final JdbcClient jdbc;
	private final RequestRules rules;
	private final ApplicationEventPublisher events;

	RequestSettings(JdbcClient jdbc, RequestRules rules, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.events = events;
	}

	/**
	 * The time limits the actor's city follows: its own where it set them, the installation's defaults for the rest
	 * (issue 24: a city administrator sees and changes only their own city's).
	 */
	@Transactional(readOnly = true)
	List<LimitRow> limits(Actor actor) {
		return jdbc.sql("""
				select distinct on (category_code, urgency) id, category_code, urgency, accept_amount, accept_unit,
				       resolve_amount, resolve_unit
				  from req_time_limit where city_id in (0, ?)
				 order by category_code nulls first, urgency, city_id desc""").param(actor.cityId())
			.query((rs, i) -> new LimitRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
					rs.getString(5), rs.getInt(6), rs.getString(7)))
			.list();
	}

	@Transactional(readOnly = true)
	List<DayRow> days() {
		return jdbc.sql("select day, kind, name from req_calendar_day order by day")
			.query((rs, i) -> new DayRow(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3))).list();
	}

	/** The reopen window and the weights the actor's city follows. */
	@Transactional(readOnly = true)
	Map<String, BigDecimal> values(Actor actor) {
		Map<String, BigDecimal> values = new java.util.TreeMap<>();
		jdbc.sql("select name, value from req_setting where city_id in (0, ?) order by city_id")
			.param(actor.cityId()).query(rs -> {
				values.put(rs.getString(1), rs.getBigDecimal(2));
			});
		return values;
	}

	/** Sets the limits of an urgency, for all categories ({@code category} null) or one category. */
	@Transactional
	void setLimit(Actor actor, String category, Urgency urgency, int acceptAmount, String acceptUnit,
			int resolveAmount, String resolveUnit) {
		requireCityAdmin(actor);
		if (category != null && rules.category(category).isEmpty()) {
			throw new ConflictException("request.error.category");
		}
		jdbc.sql("""
				insert into req_time_limit (category_code, urgency, accept_amount, accept_unit, resolve_amount, resolve_unit,
				  city_id)
				values (?, ?, ?, ?, ?, ?, ?)
				on conflict (city_id, category_code, urgency) do update set accept_amount = excluded.accept_amount,
				  accept_unit = excluded.accept_unit, resolve_amount = excluded.resolve_amount,
				  resolve_unit = excluded.resolve_unit""")
			.params(category, urgency.name(), acceptAmount, acceptUnit, resolveAmount, resolveUnit, actor.cityId()).update();
		changed(actor, "TIME_LIMIT_SET", (category == null ? "*" : category) + "/" + urgency);
	}

	/** Removes a category's own limits, so the urgency defaults apply again. */
	@Transactional
	void removeOverride(Actor actor, long id) {
		requireCityAdmin(actor);
		// the city's own override only: the defaults are not any one city's to remove
		jdbc.sql("delete from req_time_limit where id = ? and category_code is not null and city_id = ?")
			.params(id, actor.cityId()).update();
		changed(actor, "TIME_LIMIT_REMOVED", String.valueOf(id));
	}

	@Transactional
	void setDay(Actor actor, LocalDate day, String kind, String name) {
		requireCityAdmin(actor);
		jdbc.sql("""
				insert into req_calendar_day (day, kind, name) values (?, ?, ?)
				on conflict (day) do update set kind = excluded.kind, name = excluded.name""")
			.params(Date.valueOf(day), kind, name).update();
		changed(actor, "CALENDAR_DAY_SET", day.toString());
	}

	@Transactional
	void removeDay(Actor actor, LocalDate day) {
		requireCityAdmin(actor);
		jdbc.sql("delete from req_calendar_day where day = ?").param(Date.valueOf(day)).update();
		changed(actor, "CALENDAR_DAY_REMOVED", day.toString());
	}

	/** The reopen window and the score weights; the weights must add up to exactly 1. */
	@Transactional
	void setValues(Actor actor, int reopenDays, BigDecimal response, BigDecimal resolution, BigDecimal satisfaction) {
		requireCityAdmin(actor);
		if (response.add(resolution).add(satisfaction).compareTo(BigDecimal.ONE) != 0) {
			throw new ConflictException("settings.error.weights");
		}
		for (Object[] row : new Object[][] { { "reopen_days", BigDecimal.valueOf(reopenDays) },
				{ "weight_response", response }, { "weight_resolution", resolution },
				{ "weight_satisfaction", satisfaction } }) {
			jdbc.sql("""
					insert into req_setting (city_id, name, value) values (?, ?, ?)
					on conflict (city_id, name) do update set value = excluded.value""")
				.params(actor.cityId(), row[0], row[1]).update();
		}
		changed(actor, "REQUEST_SETTINGS_SET", null);
	}

	private void changed(Actor actor, String action, String detail) {
		rules.invalidate();
		events.publishEvent(ActionRecorded.of(actor.username(), action, "request_settings", "-", "/" + actor.cityId() + "/",
				detail));
	}

	private static void requireCityAdmin(Actor actor) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("request settings");
		}
	}
}
