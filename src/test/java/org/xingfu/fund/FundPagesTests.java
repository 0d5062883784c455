package org.xingfu.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * The fund pages refuse bad input with the form and its errors in Chinese and store nothing; a resident cannot
 * open the filing form; a rejection needs a reason and the applicant reads it; an account shows its ledger.
 */
@XingfuTest
class FundPagesTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	int applications() {
		return jdbc.sql("select count(*) from fund_application").query(Integer.class).single();
	}

	@Test
	void theFilingFormShowsItsErrorsAndStoresNothing() {
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long b1 = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound)
			.query(Long.class).single();
		PageSession property = new PageSession(port);
		property.login("wy.guoxin", ApiClient.PASSWORD);
		assertThat(property.page("/fund/applications/new").body()).contains("id=\"building-" + b1 + "\"");
		int before = applications();

		HttpResponse<String> empty = property.postPage("/fund/applications/new",
				"compoundId=" + compound + "&hazard=&scope=&budgetYuan=" + enc("十二万") + "&contractor=");
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(empty.body()).contains("请选择险情类别").contains("请选择本小区的楼栋").contains("请填写维修范围")
			.contains("请填写大于零的金额").contains("请填写施工单位");
		HttpResponse<String> over = property.postPage("/fund/applications/new", "compoundId=" + compound
				+ "&hazard=ELEVATOR&buildingIds=" + b1 + "&scope=" + enc("电梯停用") + "&budgetYuan=99999999.99&contractor="
				+ enc("某电梯公司"));
		assertThat(over.statusCode()).isEqualTo(200);
		assertThat(over.body()).contains("预算超过所选楼栋的维修资金余额");
		assertThat(over.body()).as("what was typed stays").contains("99999999.99").contains("某电梯公司");
		assertThat(applications()).isEqualTo(before);

		PageSession resident = new PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);
		assertThat(resident.get("/fund/applications/new")).isEqualTo(403);
		assertThat(resident.post("/fund/applications/new", "compoundId=" + compound + "&hazard=ELEVATOR&buildingIds="
				+ b1 + "&scope=x&budgetYuan=100&contractor=x")).isEqualTo(403);
		assertThat(applications()).isEqualTo(before);
	}

	@Test
	void aRejectionNeedsAReasonThatTheApplicantReads() {
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long b1 = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound)
			.query(Long.class).single();
		PageSession property = new PageSession(port);
		property.login("wy.guoxin", ApiClient.PASSWORD);
		assertThat(property.post("/fund/applications/new", "compoundId=" + compound + "&hazard=DRAINAGE&buildingIds=" + b1
				+ "&scope=" + enc("化粪池堵塞外溢") + "&budgetYuan=3000&contractor=" + enc("某管道疏通队"))).isEqualTo(302);
		long id = jdbc.sql("select max(id) from fund_application where hazard = 'DRAINAGE'").query(Long.class).single();
		assertThat(property.page("/fund/applications/" + id).body()).contains("申请已提交").doesNotContain("id=\"confirm\"");

		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(community.page("/fund/applications/" + id).body()).contains("id=\"confirm\"").contains("id=\"reject\"");
		assertThat(community.post("/fund/applications/" + id + "/reject", "reason=")).isEqualTo(302);
		assertThat(community.page("/fund/applications/" + id).body()).contains("请填写驳回理由");
		assertThat(jdbc.sql("select status from fund_application where id = ?").param(id).query(String.class).single())
			.isEqualTo("FILED");
		assertThat(community.post("/fund/applications/" + id + "/reject", "reason=" + enc("属日常养护，由物业费列支。")))
			.isEqualTo(302);
		community.get("/fund/applications/" + id);
		// the property company's staff may not approve, and see the reason
		assertThat(property.post("/fund/applications/" + id + "/approve", "")).isEqualTo(302);
		assertThat(property.page("/fund/applications/" + id).body()).contains("属日常养护，由物业费列支。")
			.contains("这一步不由您办理").contains("已驳回");

		String account = community.page("/fund/accounts/" + compound).body();
		assertThat(account).contains("首期归集").contains("1号楼");
		PageSession other = new PageSession(port);
		other.login("sq.chaoyang", ApiClient.PASSWORD);
		assertThat(other.get("/fund/accounts/" + compound)).isEqualTo(404);
		assertThat(other.get("/fund/applications/" + id)).isEqualTo(404);
	}
}
