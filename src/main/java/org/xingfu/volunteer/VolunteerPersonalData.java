package org.xingfu.volunteer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/**
 * A volunteer's profile and points. An erased person's profile goes; their points stay in the community's totals
 * under a placeholder, without their name.
 */
@Component
class VolunteerPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	VolunteerPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "志愿服务";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("""
				select '积分' as what, reason || coalesce('：' || note, '') as detail, points, awarded_at from vol_points
				 where person_id = :person or username = :username
				union all
				select '志愿者登记', coalesce(skills, ''), null, joined_at from vol_profile
				 where person_id = :person or username = :username
				order by 4 desc limit 5000""").param("person", personId).param("username", String.valueOf(username))
			.query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("项目", rs.getString(1));
				row.put("内容", rs.getString(2));
				row.put("积分", rs.getObject(3));
				row.put("时间", rs.getTimestamp(4).toInstant());
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		jdbc.sql("delete from vol_profile where person_id = ? or username = ?")
			.params(erased.personId(), String.valueOf(erased.username())).update();
		jdbc.sql("update vol_points set name = '已注销居民', username = ? where person_id = ? or username = ?")
			.params(erased.placeholder(), erased.personId(), String.valueOf(erased.username())).update();
	}
}
