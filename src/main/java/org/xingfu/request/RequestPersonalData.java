package org.xingfu.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/**
 * A person's requests: theirs to download; when they are erased, the cases stay in the compound's history (and its
 * figures) without their name, phone or account name.
 */
@Component
class RequestPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	RequestPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "我的诉求";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("""
				select id, title, description, category, status, submitted_at, closed_at, satisfaction from req_request
				 where resident_person_id = ? order by submitted_at desc limit 5000""").param(personId)
			.query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("编号", rs.getLong(1));
				row.put("标题", rs.getString(2));
				row.put("描述", rs.getString(3));
				row.put("类别", rs.getString(4));
				row.put("状态", rs.getString(5));
				row.put("提交时间", rs.getTimestamp(6).toInstant());
				row.put("办结时间", rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant());
				row.put("评价", rs.getString(8));
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		jdbc.sql("update req_request set resident_name = null, resident_phone = null where resident_person_id = ?")
			.param(erased.personId()).update();
		if (erased.username() != null) {
			jdbc.sql("update req_request set submitted_by = ? where submitted_by = ?")
				.params(erased.placeholder(), erased.username()).update();
			jdbc.sql("update req_request set owner_username = ? where owner_username = ?")
				.params(erased.placeholder(), erased.username()).update();
			jdbc.sql("update req_event set actor = ? where actor = ?").params(erased.placeholder(), erased.username())
				.update();
		}
	}
}
