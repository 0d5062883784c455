package org.xingfu.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.xingfu.shared.PersonalDataCipher;
import org.xingfu.shared.PersonalDataSource;

/** The register's part of a person's data: who they are, where they live, which roles they hold. */
@Component
class RegisterPersonalData implements PersonalDataSource {

	private final JdbcClient jdbc;
	private final OrganizationDirectory directory;
	private final PersonalDataCipher cipher;

	RegisterPersonalData(JdbcClient jdbc, OrganizationDirectory directory, PersonalDataCipher cipher) {
		this.jdbc = jdbc;
		this.directory = directory;
		this.cipher = cipher;
	}

	@Override
	public String section() {
		return "人员登记";
	}

	@Override
	public List<Map<String, Object>> about(long personId, String username) {
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		jdbc.sql("select name, phone, id_number, party_member, home_path, created_at from org_person where id = ?")
			.param(personId).query(rs -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("项目", "本人");
				row.put("内容", rs.getString("name"));
				row.put("电话", rs.getString("phone"));
				row.put("身份证号", cipher.open(rs.getString("id_number")));
				row.put("党员", rs.getBoolean("party_member") ? "是" : "否");
				row.put("登记于", directory.address(rs.getString("home_path")));
				row.put("登记时间", rs.getTimestamp("created_at").toInstant());
				rows.add(row);
			});
		jdbc.sql("""
				select n.path, r.relation, r.share_pct from org_residency r
				  join org_node n on n.id = r.household_id and n.city_id = r.city_id where r.person_id = ? order by n.path""").param(personId).query(rs -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("项目", "住户");
			row.put("内容", directory.address(rs.getString(1)));
			row.put("电话", null);
			row.put("身份证号", null);
			row.put("党员", rs.getString(2));
			row.put("登记于", rs.getBigDecimal(3) == null ? null : rs.getBigDecimal(3) + "%");
			row.put("登记时间", null);
			rows.add(row);
		});
		jdbc.sql("""
				select ra.role, n.path, ra.created_at from org_role_assignment ra
				  join org_node n on n.id = ra.node_id and n.city_id = ra.city_id where ra.person_id = ? order by ra.created_at""").param(personId).query(rs -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("项目", "角色");
			row.put("内容", rs.getString(1));
			row.put("电话", null);
			row.put("身份证号", null);
			row.put("党员", null);
			row.put("登记于", directory.address(rs.getString(2)));
			row.put("登记时间", rs.getTimestamp(3).toInstant());
			rows.add(row);
		});
		return rows;
	}
}
