package org.xingfu.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/** A person's messages and how they want them; an erased person's inbox, settings and WeChat binding go. */
@Component
class NotificationPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	NotificationPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "消息与提醒";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		List<Map<String, Object>> rows = new java.util.ArrayList<>(jdbc.sql("""
				select kind, args, created_at, read_at from ntf_notification where person_id = ?
				 order by created_at desc limit 2000""").param(personId).query((rs, i) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("项目", "消息");
			row.put("内容", rs.getString(1) + (rs.getString(2).isEmpty() ? "" : "：" + rs.getString(2)));
			row.put("时间", rs.getTimestamp(3).toInstant());
			row.put("已读", rs.getTimestamp(4) == null ? "否" : "是");
			return row;
		}).list());
		jdbc.sql("select sms, wechat, wechat_openid is not null, updated_at from ntf_preference where person_id = ?")
			.param(personId).query(rs -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("项目", "提醒设置");
				row.put("内容", "短信 " + (rs.getBoolean(1) ? "开" : "关") + "，微信 " + (rs.getBoolean(2) ? "开" : "关")
						+ (rs.getBoolean(3) ? "（已绑定微信）" : ""));
				row.put("时间", rs.getTimestamp(4).toInstant());
				row.put("已读", null);
				rows.add(row);
			});
		return rows;
	}

	@EventListener
	void on(PersonErased erased) {
		jdbc.sql("delete from ntf_notification where person_id = ?").param(erased.personId()).update();
		jdbc.sql("delete from ntf_preference where person_id = ?").param(erased.personId()).update();
	}
}
