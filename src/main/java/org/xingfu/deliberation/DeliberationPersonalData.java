package org.xingfu.deliberation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/** The topics a person proposed or supported and the meetings they attended; anonymised when they are erased. */
@Component
class DeliberationPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	DeliberationPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "议事协商";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("""
				select '提出议题' as what, title, created_at from dlb_topic where proposed_by = :username
				union all
				select '支持议题', t.title, s.supported_at from dlb_support s
				  join dlb_topic t on t.id = s.topic_id and t.city_id = s.city_id where s.username = :username
				union all
				select '参加议事会', m.title, m.starts_at from dlb_participant p
				  join dlb_meeting m on m.id = p.meeting_id and m.city_id = p.city_id
				 where p.person_id = :person and p.checked_in_at is not null
				order by 3 desc limit 5000""").param("username", String.valueOf(username)).param("person", personId)
			.query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("事项", rs.getString(1));
				row.put("标题", rs.getString(2));
				row.put("时间", rs.getTimestamp(3).toInstant());
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		if (erased.username() != null) {
			jdbc.sql("update dlb_topic set proposed_by = ? where proposed_by = ?").params(erased.placeholder(),
					erased.username()).update();
			jdbc.sql("update dlb_support set username = ? where username = ?").params(erased.placeholder(),
					erased.username()).update();
		}
	}
}
