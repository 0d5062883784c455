package org.xingfu.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/**
 * The property pages as staff and residents use them: the overview with the coverage figure, a compound's survey
 * with the QR code and link that a resident follows to rate once, an inspection form that refuses a missing item,
 * a welfare team's log by its member and the stipend sheet as a real .xlsx.
 */
@XingfuTest
class PropertyPagesTests {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	@Test
	void overviewSurveyByQrLinkAndInspection() {
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		String overview = street.page("/property").body();
		assertThat(overview).contains("河北街道物业服务覆盖率").contains("专业化物业服务覆盖").contains("红色物业");
		// a compound of another street, chosen by the test and outside the street's scope
		long lingdongCompound = jdbc.sql("""
				select c.id from org_node c join org_node s on c.path like s.path || '%'
				 where s.name = '岭东街道' and c.type = 'COMPOUND' order by c.id limit 1""").query(Long.class).single();
		assertThat(street.get("/property/compounds/" + lingdongCompound)).isEqualTo(404);

		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(community.post("/property/compounds/" + compound + "/surveys", "period=2026-H2&closesOn="
				+ LocalDate.now(CHINA).plusDays(10))).isEqualTo(302);
		String page = community.page("/property/compounds/" + compound).body();
		assertThat(page).contains("<svg").contains("2026-H2");
		Matcher link = Pattern.compile("href=\"http://[^\"]+(/property/surveys/[0-9a-f]{24})\"").matcher(page);
		assertThat(link.find()).isTrue();

		PageSession owner = new PageSession(port);
		owner.login("jm.caizheng.101", ApiClient.PASSWORD);
		String survey = owner.page(link.group(1)).body();
		assertThat(survey).contains("环境卫生").contains("id=\"submit-survey\"");
		assertThat(owner.post(link.group(1), "score.CLEANING=5&score.SECURITY=5")).isEqualTo(302);
		assertThat(owner.page(link.group(1)).body()).contains("请为五项服务各打1至5星");
		assertThat(owner.post(link.group(1), "score.CLEANING=5&score.SECURITY=4&score.FACILITIES=3&score.GREENING=4"
				+ "&score.SERVICE=5&comment=" + enc("门岗很负责"))).isEqualTo(302);
		assertThat(owner.page(link.group(1)).body()).contains("谢谢您的评价").doesNotContain("id=\"submit-survey\"");
		assertThat(jdbc.sql("select count(*) from prop_survey_answer a join prop_survey s on s.id = a.survey_id where s.period = '2026-H2'")
			.query(Integer.class).single()).isEqualTo(1);

		assertThat(community.post("/property/compounds/" + compound + "/inspections",
				"period=2026-H2&points.CLEANING=18&points.SECURITY=17")).isEqualTo(302);
		assertThat(community.page("/property/compounds/" + compound).body()).contains("请为检查表每一项打分");
		assertThat(community.post("/property/compounds/" + compound + "/inspections", "period=2026-H2&points.CLEANING=18"
				+ "&points.SECURITY=17&points.FACILITIES=20&points.GREENING=12&points.SERVICE=16")).isEqualTo(302);
		String scored = community.page("/property/compounds/" + compound).body();
		assertThat(scored).contains("检查结果已提交").contains("检查 83 ·").contains("综合 81.2");
	}

	@Test
	void aWelfareTeamMemberLogsAndTheLedgerExports() {
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		long nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long guoxin = jdbc.sql("select id from org_property_company where name like '国信%'").query(Long.class).single();
		assertThat(community.post("/property/welfare", "communityId=" + nongchang + "&name=" + enc("财政小区公益物业队")
				+ "&backstopCompanyId=" + guoxin + "&compoundIds=" + compound)).isEqualTo(302);
		long team = jdbc.sql("select max(id) from prop_welfare_team where name = '财政小区公益物业队'").query(Long.class).single();
		long head = jdbc.sql("select person_id from idn_account where username = 'ld.caizheng.1'").query(Long.class).single();
		assertThat(community.post("/property/welfare/" + team + "/members", "personId=" + head + "&title=" + enc("楼栋长")
				+ "&stipendYuan=40")).isEqualTo(302);
		community.get("/property/welfare/" + team);

		PageSession member = new PageSession(port);
		member.login("ld.caizheng.1", ApiClient.PASSWORD);
		String teamPage = member.page("/property/welfare/" + team).body();
		assertThat(teamPage).contains("id=\"log-form\"").doesNotContain("id=\"ledger\"");
		long memberId = jdbc.sql("select id from prop_welfare_member where team_id = ?").param(team).query(Long.class).single();
		LocalDate today = LocalDate.now(CHINA);
		assertThat(member.post("/property/welfare/" + team + "/logs", "memberId=" + memberId + "&compoundId=" + compound
				+ "&workDate=" + today + "&kind=SNOW&hours=abc&description=x")).isEqualTo(302);
		assertThat(member.page("/property/welfare/" + team).body()).contains("请填写日期、类别、工时");
		assertThat(member.post("/property/welfare/" + team + "/logs", "memberId=" + memberId + "&compoundId=" + compound
				+ "&workDate=" + today + "&kind=SNOW&hours=3&description=" + enc("清扫1号楼前积雪"))).isEqualTo(302);
		assertThat(member.page("/property/welfare/" + team).body()).contains("清扫1号楼前积雪");
		assertThat(member.get("/property/welfare/" + team + "/ledger.xlsx?month=" + YearMonth.from(today))).isEqualTo(403);

		String ledger = community.page("/property/welfare/" + team + "?month=" + YearMonth.from(today)).body();
		assertThat(ledger).contains("id=\"ledger\"").contains("40.00");
		HttpResponse<byte[]> xlsx = community.bytes("/property/welfare/" + team + "/ledger.xlsx?month=" + YearMonth.from(today));
		assertThat(xlsx.statusCode()).isEqualTo(200);
		assertThat(new String(xlsx.body(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
		assertThat(xlsx.headers().firstValue("Content-Disposition").orElse("")).contains(".xlsx");
	}
}
