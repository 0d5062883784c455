package org.xingfu.renovation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * The renovation pages: the street creates a project with the form (a bad budget comes back with its reason), adds
 * the scope; an owner of the compound gives an opinion on the phone page; fixing the scope closes opinions.
 */
@XingfuTest
class RenovationPagesTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	@Test
	void theStreetPlansAndAnOwnerGivesAnOpinion() {
		long hebei = jdbc.sql("select id from org_node where name = '河北街道'").query(Long.class).single();
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		assertThat(street.page("/renovation").body()).contains("id=\"new-project\"").contains("河北街道");
		int before = jdbc.sql("select count(*) from ren_project").query(Integer.class).single();
		assertThat(street.post("/renovation", "nodeId=" + hebei + "&name=" + enc("财政小区改造") + "&year=2026&compoundIds="
				+ compound + "&buildings=6&floorAreaM2=21600&budgetYuan=" + enc("很多"))).isEqualTo(302);
		assertThat(street.page("/renovation").body()).contains("请选择项目所属、填写名称、大于零的建筑面积和预算");
		assertThat(jdbc.sql("select count(*) from ren_project").query(Integer.class).single()).isEqualTo(before);
		assertThat(street.post("/renovation", "nodeId=" + hebei + "&name=" + enc("财政小区改造") + "&year=2026&compoundIds="
				+ compound + "&buildings=6&floorAreaM2=21600&budgetYuan=3800000")).isEqualTo(302);
		long id = jdbc.sql("select max(id) from ren_project where name = '财政小区改造'").query(Long.class).single();
		assertThat(street.page("/renovation/projects/" + id).body()).contains("改造项目已新建");
		assertThat(street.post("/renovation/projects/" + id + "/scope-items", "kind=WATER_PIPE&unit=M&quantity=800&description="
				+ enc("更换供水管网"))).isEqualTo(302);
		assertThat(street.page("/renovation/projects/" + id).body()).contains("改造内容已添加").contains("0 / 800 米");

		PageSession owner = new PageSession(port);
		owner.login("jm.caizheng.101", ApiClient.PASSWORD);
		String page = owner.page("/renovation/projects/" + id).body();
		assertThat(page).contains("id=\"opinion-form\"").doesNotContain("id=\"fix-scope\"");
		assertThat(owner.post("/renovation/projects/" + id + "/opinions", "text=" + enc("请加装楼道扶手，老人上下楼不便。")))
			.isEqualTo(302);
		assertThat(owner.page("/renovation/projects/" + id).body()).contains("您的意见已提交").contains("居民意见（1 条）")
			.as("owners do not read each other's opinions").doesNotContain("请加装楼道扶手");
		assertThat(street.page("/renovation/projects/" + id).body()).contains("请加装楼道扶手");

		assertThat(street.post("/renovation/projects/" + id + "/fix-scope", "")).isEqualTo(302);
		street.get("/renovation/projects/" + id);
		assertThat(owner.page("/renovation/projects/" + id).body()).contains("改造内容已确定").doesNotContain("id=\"opinion-form\"");
		PageSession other = new PageSession(port);
		other.login("jm.xinmin.101", ApiClient.PASSWORD);
		assertThat(other.get("/renovation/projects/" + id)).isEqualTo(404);
	}
}
