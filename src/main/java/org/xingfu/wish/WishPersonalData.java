package org.xingfu.wish;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/** Wishes made for a person and wishes they claimed; an erased person's name and phone leave them. */
@Component
class WishPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	WishPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "微心愿";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		return jdbc.sql("""
				select '受助' as role, id, title, status, posted_at from wsh_wish where beneficiary_person_id = :person
				union all
				select '认领', w.id, w.title, w.status, c.claimed_at from wsh_claim c
				  join wsh_wish w on w.id = c.wish_id and w.city_id = c.city_id
				 where c.claimant_person_id = :person or c.claimant_username = :username
				order by 5 desc limit 5000""").param("person", personId).param("username", String.valueOf(username))
			.query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("身份", rs.getString(1));
				row.put("编号", rs.getLong(2));
				row.put("心愿", rs.getString(3));
				row.put("状态", rs.getString(4));
				row.put("时间", rs.getTimestamp(5).toInstant());
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		jdbc.sql("update wsh_wish set beneficiary_name = '已注销居民', beneficiary_phone = null where beneficiary_person_id = ?")
			.param(erased.personId()).update();
		jdbc.sql("update wsh_claim set claimant_name = '已注销居民' where claimant_person_id = ?").param(erased.personId())
			.update();
		if (erased.username() != null) {
			jdbc.sql("update wsh_claim set claimant_username = ? where claimant_username = ?")
				.params(erased.placeholder(), erased.username()).update();
			for (String column : List.of("posted_by", "verified_by", "confirmed_by")) {
				jdbc.sql("update wsh_wish set " + column + " = ? where " + column + " = ?")
					.params(erased.placeholder(), erased.username()).update();
			}
		}
	}
}
