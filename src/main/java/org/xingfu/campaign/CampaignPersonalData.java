package org.xingfu.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/**
 * The campaigns a person was counted in and what was recorded at their check-in (a temperature, say). An erased
 * person stays counted (the campaign's figures do not change) and loses what was recorded about them.
 */
@Component
class CampaignPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	CampaignPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "码上行动";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("""
				select c.name, t.status, t.recorded_at, k.field_values::text, k.recorded_at
				  from cmp_target t join cmp_campaign c on c.id = t.campaign_id and c.city_id = t.city_id
				  left join cmp_checkin k on k.campaign_id = t.campaign_id and k.city_id = t.city_id and k.subject_id = t.subject_id
				 where t.subject_id = ? and c.unit = 'PERSON' order by c.id desc limit 2000""").param(personId)
			.query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("行动", rs.getString(1));
				row.put("状态", rs.getString(2));
				row.put("登记时间", rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant());
				row.put("扫码记录", rs.getString(4));
				row.put("扫码时间", rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant());
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		jdbc.sql("update cmp_checkin set field_values = '{}'::jsonb where person_id = ?").param(erased.personId()).update();
		jdbc.sql("update cmp_target set note = null where subject_id = ?").param(erased.personId()).update();
	}
}
