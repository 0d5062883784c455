package org.xingfu.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
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
 * The deliberation and notice pages as staff, a resident and a passer-by use them: a topic proposed and accepted, a
 * meeting convened, a check-in through the link its QR code carries, the decision, an action, the published result
 * read without an account, and the resident's review; a notice form that refuses a too-short window.
 */
@XingfuTest
class DeliberationPagesTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	@Test
	void topicToMeetingToPublicResultThroughThePages() {
		PageSession staff = new PageSession(port);
		staff.login("sq.nongchang", ApiClient.PASSWORD);
		PageSession resident = new PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();

		assertThat(resident.post("/topics", "title=" + enc("修缮小区北门") + "&description=" + enc("北门路面坑洼，雨天积水。")))
			.isEqualTo(302);
		long topic = jdbc.sql("select max(id) from dlb_topic where title = '修缮小区北门'").query(Long.class).single();
		assertThat(resident.page("/topics").body()).contains("修缮小区北门").contains("征集附议");
		assertThat(resident.post("/topics", "title=&description=x")).isEqualTo(302);
		assertThat(resident.page("/topics").body()).contains("请填写议题和说明");
		assertThat(staff.post("/topics/" + topic + "/accept", "")).isEqualTo(302);
		assertThat(staff.page("/topics").body()).contains("已列入议程");

		String form = staff.page("/meetings/new?compoundId=" + compound).body();
		assertThat(form).contains("修缮小区北门").contains("name=\"members\"");
		List<Long> members = jdbc.sql("""
				select distinct person_id from org_role_assignment where node_id = ? order by person_id limit 3""")
			.param(compound).query(Long.class).list();
		long residentPerson = jdbc.sql("select person_id from idn_account where username = 'jm.caizheng.101'")
			.query(Long.class).single();
		String startsAt = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusMinutes(20).withSecond(0).withNano(0).toString();
		StringBuilder convene = new StringBuilder("compoundId=" + compound + "&title=" + enc("北门修缮议事会") + "&place="
				+ enc("小区活动室") + "&startsAt=" + enc(startsAt) + "&topicIds=" + topic + "&moreMembers=" + residentPerson);
		members.forEach(m -> convene.append("&members=").append(m));
		assertThat(staff.post("/meetings/new", convene.toString())).isEqualTo(302);
		long meeting = jdbc.sql("select max(id) from dlb_meeting where title = '北门修缮议事会'").query(Long.class).single();
		int committee = members.size() + (members.contains(residentPerson) ? 0 : 1);

		String page = staff.page("/meetings/" + meeting).body();
		assertThat(page).contains("<svg").contains("签到二维码");
		Matcher link = Pattern.compile("href=\"http://[^\"]+(/meetings/" + meeting + "/checkin\\?code=([0-9a-f]+))\"").matcher(page);
		assertThat(link.find()).isTrue();
		// the resident scans: the check-in page, then one tap
		assertThat(resident.page(link.group(1)).body()).contains("北门修缮议事会").contains("id=\"checkin\"");
		assertThat(resident.post("/meetings/" + meeting + "/checkin", "code=" + link.group(2))).isEqualTo(302);
		assertThat(resident.page("/meetings/" + meeting).body()).contains("签到成功").doesNotContain("<svg");
		// staff mark the other members present from the paper list and record a decision all present support
		for (long m : members) {
			staff.post("/meetings/" + meeting + "/checkin", "personId=" + m);
			staff.page("/meetings/" + meeting); // shows (and so uses up) the confirmation
		}
		assertThat(staff.post("/meetings/" + meeting + "/decision", "minutes=" + enc("讨论了北门路面修缮方案。") + "&decision="
				+ enc("同意修缮北门路面。") + "&votesFor=" + (committee + 1) + "&votesAgainst=0&votesAbstain=0")).isEqualTo(302);
		assertThat(staff.page("/meetings/" + meeting).body()).contains("不能超过到场的议事会成员");
		assertThat(staff.post("/meetings/" + meeting + "/decision", "minutes=" + enc("讨论了北门路面修缮方案。") + "&decision="
				+ enc("同意修缮北门路面。") + "&votesFor=" + committee + "&votesAgainst=0&votesAbstain=0")).isEqualTo(302);
		assertThat(staff.page("/meetings/" + meeting).body()).contains("决定通过");
		assertThat(staff.post("/meetings/" + meeting + "/actions", "description=" + enc("北门路面重新铺装") + "&owner="
				+ enc("国信物业") + "&dueDate=" + LocalDate.now().plusDays(20))).isEqualTo(302);
		assertThat(staff.post("/meetings/" + meeting + "/publish", "")).isEqualTo(302);
		long notice = jdbc.sql("select id from ntc_notice where source = ?").param("meeting:" + meeting).query(Long.class)
			.single();

		// a passer-by reads the result without an account
		var anonymous = new PageSession(port).page("/notices/" + notice);
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).contains("议事会结果公示：北门修缮议事会").contains("北门路面重新铺装").contains("国信物业")
			.doesNotContain("sq.nongchang");

		assertThat(resident.post("/meetings/" + meeting + "/review", "rating=SATISFIED&comment=" + enc("路修好了"))).isEqualTo(302);
		assertThat(resident.page("/meetings/" + meeting).body()).contains("谢谢您的评价").contains("满意 1");
	}

	@Test
	void noticePagesRefuseATooShortWindowAndKeepInnerNoticesFromPassersBy() {
		PageSession staff = new PageSession(port);
		staff.login("sq.nongchang", ApiClient.PASSWORD);
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		assertThat(staff.page("/notices/new").body()).contains("至少公示 10 天");
		String ends = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusDays(3).withSecond(0).withNano(0).toString();
		var refused = staff.page("/notices/new"); // the form page carries the CSRF token the post needs
		assertThat(refused.statusCode()).isEqualTo(200);
		long before = jdbc.sql("select count(*) from ntc_notice").query(Long.class).single();
		assertThat(staff.post("/notices/new", "nodeId=" + compound + "&scope=COMPOUND&type=FUND&title=" + enc("维修资金使用公示")
				+ "&body=" + enc("电梯维修") + "&endsAt=" + enc(ends))).isEqualTo(200);
		assertThat(jdbc.sql("select count(*) from ntc_notice").query(Long.class).single()).isEqualTo(before);
		assertThat(staff.post("/notices/new", "nodeId=" + compound + "&scope=COMPOUND&type=RESIDENTS&title="
				+ enc("小区内部通知") + "&body=" + enc("只给本小区居民看") + "&endsAt=" + enc(ends))).isEqualTo(302);
		long inner = jdbc.sql("select max(id) from ntc_notice where title = '小区内部通知'").query(Long.class).single();
		assertThat(staff.page("/notices/" + inner).body()).contains("公示已发布"); // where the form sent staff
		assertThat(staff.page("/notices").body()).contains("小区内部通知");

		PageSession passerBy = new PageSession(port);
		var redirected = passerBy.page("/notices/" + inner);
		assertThat(redirected.statusCode()).isEqualTo(302);
		assertThat(redirected.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		assertThat(passerBy.page("/notices").statusCode()).isEqualTo(302);
		assertThat(passerBy.page("/boards/999999999").statusCode()).isEqualTo(404);
		PageSession resident = new PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);
		assertThat(resident.page("/notices/" + inner).body()).contains("只给本小区居民看").contains("提出异议");
		assertThat(resident.post("/notices/" + inner + "/objections", "text=")).isEqualTo(302);
		assertThat(resident.page("/notices/" + inner).body()).contains("请填写内容");
		assertThat(resident.post("/notices/" + inner + "/objections", "text=" + enc("停车位分配不公平"))).isEqualTo(302);
		assertThat(resident.page("/notices/" + inner).body()).contains("异议已提交").contains("停车位分配不公平");
		long objection = jdbc.sql("select id from ntc_objection where notice_id = ?").param(inner).query(Long.class).single();
		assertThat(staff.post("/notices/" + inner + "/objections/" + objection + "/answer", "text=" + enc("按抽签分配，已公示规则")))
			.isEqualTo(302);
		assertThat(staff.page("/notices/" + inner).body()).contains("已答复").contains("按抽签分配，已公示规则");
		assertThat(staff.post("/notices/" + inner + "/withdraw", "reason=" + enc("已发新通知"))).isEqualTo(302);
		assertThat(staff.page("/notices/" + inner).body()).contains("公示已撤回").contains("已发新通知");
		assertThat(resident.post("/notices/" + inner + "/objections", "text=" + enc("再提"))).isEqualTo(302);
		assertThat(resident.page("/notices/" + inner).body()).contains("不在公示期内");
	}
}
