package org.xingfu.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.shared.PersonalDataSource;

/** The account's part of a person's data: its name, when it was opened and last used, its settings. */
@Component
class AccountPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	AccountPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "登录账户";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("""
				select username, created_at, last_login_at, elder_mode, enabled from idn_account where person_id = ?""")
			.param(personId).query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("用户名", rs.getString(1));
				row.put("开通时间", rs.getTimestamp(2).toInstant());
				row.put("最近登录", rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant());
				row.put("长辈模式", rs.getBoolean(4) ? "开" : "关");
				row.put("状态", rs.getBoolean(5) ? "正常" : "已停用");
				return row;
			}).list();
	}
}
