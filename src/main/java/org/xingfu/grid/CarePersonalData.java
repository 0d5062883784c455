package org.xingfu.grid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/**
 * Whether a person is in the special-care register, and since when; it is theirs to know. A person erased because
 * they moved away leaves the grid's register.
 */
@Component
class CarePersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	CarePersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "特殊群体关爱";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("select category, interval_days, note, since from grd_care where person_id = ? order by since")
			.param(personId).query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("类别", rs.getString(1));
				row.put("走访间隔（天）", rs.getInt(2));
				row.put("说明", rs.getString(3));
				row.put("登记日期", rs.getDate(4).toString());
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		jdbc.sql("delete from grd_care where person_id = ?").param(erased.personId()).update();
	}
}
