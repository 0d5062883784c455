package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

/** Every staff page renders for the roles that use it (a template error would be a 500), in both languages. */
@XingfuTest
class PagesTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void staffPagesRenderWithTheirPagers() {
		PageSession staff = new PageSession(port);
		staff.login("sq.nongchang", ApiClient.PASSWORD);
		HttpResponse<String> people = staff.page("/admin/org/people?q=");
		assertThat(people.statusCode()).isEqualTo(200);
		// hundreds of people in the community: the pager links to page 2 with the filters kept
		assertThat(people.body()).contains("kind=people&amp;page=1").contains("1 / ");
		assertThat(staff.page("/admin/requests").statusCode()).isEqualTo(200);
		assertThat(staff.page("/admin/requests?status=&overdue=true").statusCode()).isEqualTo(200);
		assertThat(staff.page("/admin/requests/rates").statusCode()).isEqualTo(200);
		assertThat(staff.page("/admin/requests/new").statusCode()).isEqualTo(200);
		assertThat(staff.page("/admin/org/people?kind=households&q=" + java.net.URLEncoder.encode("财政 101",
				java.nio.charset.StandardCharsets.UTF_8)).body()).contains("财政小区 1号楼 1单元 101");

		PageSession admin = new PageSession(port);
		admin.login("admin", ApiClient.PASSWORD);
		long city = jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
		for (String path : new String[] { "/", "/admin/org/nodes/" + city, "/admin/audit", "/admin/org/role-titles",
				"/admin/open311", "/admin/requests/rates?nodeId=" + city, "/account/password", "/admin/audit?lang=en" }) {
			assertThat(admin.page(path).statusCode()).as(path).isEqualTo(200);
		}
		// the audit log has more than one page of 50 however few tests ran before this one
		jdbc.sql("""
				insert into aud_entry (occurred_at, actor, action, target_type, target_id)
				select now(), 'pages-test', 'PAGES_TEST', 'test', g::text from generate_series(1, 51) g""").update();
		assertThat(admin.page("/admin/audit").body()).contains("page=1");
		// staff homes carry the wish figures; the wish and points pages render
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		long nongchang = jdbc.sql("select id from org_node where name = '农场社区'").query(Long.class).single();
		assertThat(community.page("/").body()).contains("微心愿：待核实").contains("/wall/" + nongchang)
			.contains("双向清单：已完成实事").contains("志愿服务：活动");
		PageSession unit = new PageSession(port);
		unit.login("gj.hebei", ApiClient.PASSWORD);
		assertThat(unit.page("/matching/resources").body()).contains("发布资源");
		assertThat(unit.page("/matching").statusCode()).isEqualTo(200);
		for (String path : new String[] { "/wishes", "/wishes?status=PUBLISHED&mine=true", "/wishes/new",
				"/volunteers/points", "/volunteers/leaderboard/" + nongchang, "/notifications", "/matching",
				"/matching/demands/new", "/matching/resources", "/matching/reports", "/matching/reports?month=2026-13", "/volunteers", "/volunteers/activities/new" }) {
			assertThat(community.page(path).statusCode()).as(path).isEqualTo(200);
		}

		PageSession resident = new PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);
		for (String path : new String[] { "/", "/requests", "/requests/new" }) {
			assertThat(resident.page(path).statusCode()).as(path).isEqualTo(200);
		}
		assertThat(resident.page("/admin/open311").statusCode()).isEqualTo(403);
	}

	/** Every demo account, as in the README. */
	static final List<String> DEMO_ACCOUNTS = List.of("admin", "jd.lingdong", "jd.hebei", "sq.nongchang", "sq.chaoyang",
			"sj.caizheng", "ld.caizheng.1", "wg.nongchang.1", "wy.guoxin", "jm.caizheng.101", "jm.xinmin.101", "zy.001",
			"bm.zhujian", "gj.hebei");

	/**
	 * Every link of the navigation bar opens for every demo account that sees it: a page added to the menu later is
	 * covered without editing this test.
	 */
	@Test
	void everyNavigationLinkOpensForEveryDemoAccount() {
		Pattern href = Pattern.compile("<a class=\"nav-link\"[^>]*href=\"(/[^\"?]*)\"");
		int opened = 0;
		for (String username : DEMO_ACCOUNTS) {
			PageSession session = new PageSession(port);
			session.login(username, ApiClient.PASSWORD);
			String home = session.page("/").body();
			String nav = home.substring(home.indexOf("<nav"), home.indexOf("</nav>"));
			Set<String> links = new LinkedHashSet<>();
			Matcher m = href.matcher(nav);
			while (m.find()) {
				links.add(m.group(1));
			}
			assertThat(links).as(username).isNotEmpty();
			for (String link : links) {
				HttpResponse<String> page = session.page(link);
				// a menu entry may redirect to the reader's own place (组织架构 → their node), never to the login
				if (page.statusCode() == 302) {
					assertThat(page.headers().firstValue("Location").orElse("")).as(username + " " + link)
						.doesNotContain("/login").doesNotContain("/error");
				}
				else {
					assertThat(page.statusCode()).as(username + " " + link).isEqualTo(200);
				}
				opened++;
			}
		}
		assertThat(opened).isGreaterThan(DEMO_ACCOUNTS.size() * 3);
	}
}
