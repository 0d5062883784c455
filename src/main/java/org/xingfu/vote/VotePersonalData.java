package org.xingfu.vote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.organization.PersonErased;
import org.xingfu.shared.PersonalDataSource;

/**
 * The votes a person cast: their own choices are theirs to see (nobody else's are shown). An erased person's votes
 * stay in the count under a placeholder: a closed vote's result does not change when an owner moves away.
 */
@Component
class VotePersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;

	VotePersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String section() {
		return "业主表决";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		if (username == null) {
			return List.of();
		}
		return jdbc.sql("""
				select b.question, v.choice, v.channel, v.cast_at from vot_vote v
				  join vot_ballot b on b.id = v.ballot_id and b.city_id = v.city_id
				 where v.cast_by = ? order by v.cast_at desc limit 5000""").param(username)
			.query((rs, i) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("表决事项", rs.getString(1));
				row.put("选择", rs.getString(2));
				row.put("方式", rs.getString(3));
				row.put("时间", rs.getTimestamp(4).toInstant());
				return row;
			}).list();
	}

	@EventListener
	void on(PersonErased erased) {
		if (erased.username() != null) {
			jdbc.sql("update vot_vote set cast_by = ? where cast_by = ?").params(erased.placeholder(), erased.username())
				.update();
		}
	}
}
