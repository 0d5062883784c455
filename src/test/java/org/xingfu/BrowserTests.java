package org.xingfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Real Chromium (Debian's chromium and chromium-driver, installed by .ci/run) on a 375 px wide phone screen.
 * Screenshots go to target/screenshots.
 */
@XingfuTest
class BrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Phone phone;
	WebDriver browser;
	WebDriverWait wait;

	@BeforeEach
	void openBrowser() throws Exception {
		phone = new Phone(port);
		browser = phone.browser;
		wait = phone.wait;
	}

	@AfterEach
	void closeBrowser(TestInfo info) throws Exception {
		if (phone != null) {
			phone.screenshot(info.getTestMethod().orElseThrow().getName() + "-last");
			phone.close();
		}
	}

	@Test
	void residentLogsInAndSeesTheirHomeOnAPhone() throws Exception {
		login("jm.caizheng.101");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".xf-household")));
		assertThat(browser.findElement(By.cssSelector(".xf-household")).getText()).contains("财政小区 1号楼 1单元 101")
			.contains("业主");
		// no staff navigation for a resident
		assertThat(browser.findElements(By.linkText("组织架构"))).isEmpty();
		assertFitsThePhone();
		screenshot("resident-home");
		// and the staff pages are closed to a resident
		browser.get(url("/admin/org/people"));
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("没有执行此操作的权限");
	}

	@Test
	void communityStaffSeesTheConsoleBrowsesTheTreeAndAddsABuilding() throws Exception {
		login("sq.nongchang");
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".xf-scope")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("工作台");
		assertThat(browser.findElement(By.cssSelector(".xf-scope")).getText()).contains("农场社区");
		assertFitsThePhone();
		screenshot("staff-console");

		browser.findElement(By.cssSelector(".xf-scope")).click();
		wait.until(ExpectedConditions.textToBe(By.id("node-name"), "农场社区"));
		browser.findElement(By.linkText("财政小区")).click();
		wait.until(ExpectedConditions.textToBe(By.id("node-name"), "财政小区"));

		// an empty name is refused with the error tied to the field, in Chinese
		click(By.cssSelector("form[action$='/children'] button[type=submit]"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name-error")));
		assertThat(browser.findElement(By.id("name-error")).getText()).isEqualTo("此项必填。");
		assertThat(browser.findElement(By.id("name")).getAttribute("aria-describedby")).isEqualTo("name-error");

		browser.findElement(By.id("name")).sendKeys("99号楼");
		click(By.cssSelector("form[action$='/children'] button[type=submit]"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-success")));
		assertThat(browser.findElement(By.id("children")).getText()).contains("99号楼");
		screenshot("staff-compound");

		// people search with masked-free data for community staff
		browser.get(url("/admin/org/people?q=" + java.net.URLEncoder.encode("张", "UTF-8")));
		assertThat(browser.findElement(By.id("results")).getText()).contains("共");
	}

	@Test
	void staffOpenAnAccountAndTheResidentSetsTheirOwnPassword() throws Exception {
		long person = jdbc.sql("""
				select p.id from org_person p join org_residency r on r.person_id = p.id
				  join org_node h on h.id = r.household_id join org_node u on u.id = h.parent_id
				  join org_node b on b.id = u.parent_id join org_node c on c.id = b.parent_id
				 where c.name = '财政小区' and b.name = '2号楼' and h.name = '301'
				   and not exists (select 1 from idn_account a where a.person_id = p.id) order by p.id limit 1""")
			.query(Long.class).single();
		login("sq.nongchang");
		browser.get(url("/admin/org/people/" + person));
		WebElement username = browser.findElement(By.id("username"));
		username.clear();
		username.sendKeys("browser.resident");
		click(By.cssSelector("form[action$='/admin/accounts'] button[type=submit]"));
		String password = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#initial-password strong")))
			.getText();
		assertThat(password).hasSize(12);
		screenshot("account-opened");
		// on a phone the menu is folded behind the toggler
		click(By.cssSelector(".navbar-toggler"));
		// wait for the menu to finish unfolding (a long menu is still moving while it is already "clickable")
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#xf-menu.collapse.show")));
		click(By.cssSelector("form[action$='/logout'] button"));
		wait.until(ExpectedConditions.urlContains("/login"));

		login("browser.resident", password);
		assertThat(browser.getCurrentUrl()).endsWith("/account/password");
		assertThat(browser.findElement(By.id("must-change")).getText()).contains("一次性密码");
		// with a one-time password every other page leads back here (issue 24)
		browser.get(url("/requests"));
		assertThat(browser.getCurrentUrl()).endsWith("/account/password");
		browser.findElement(By.id("current")).sendKeys(password);
		browser.findElement(By.id("next")).sendKeys("Mine2026xy");
		browser.findElement(By.id("confirm")).sendKeys("Mine2026yx");
		click(By.cssSelector("main button[type=submit]"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-error")));
		assertThat(browser.findElement(By.id("confirm-error")).getText()).isEqualTo("两次输入的新密码不一致。");
		// the passwords typed are not echoed back into the page
		assertThat(browser.findElement(By.id("next")).getAttribute("value")).isEmpty();
		// one of the commonest passwords is refused, in words a resident understands
		browser.findElement(By.id("current")).sendKeys(password);
		browser.findElement(By.id("next")).sendKeys("woaini1314");
		browser.findElement(By.id("confirm")).sendKeys("woaini1314");
		click(By.cssSelector("main button[type=submit]"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("next-error")));
		assertThat(browser.findElement(By.id("next-error")).getText()).contains("最常见的密码");
		browser.findElement(By.id("current")).sendKeys(password);
		browser.findElement(By.id("next")).sendKeys("Mine2026xy");
		browser.findElement(By.id("confirm")).sendKeys("Mine2026xy");
		click(By.cssSelector("main button[type=submit]"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".xf-household")));
		assertThat(browser.findElement(By.cssSelector(".xf-household")).getText()).contains("财政小区 2号楼");
	}

	@Test
	void aBadSpreadsheetIsReportedRowByRowAndAGoodOneImports() throws Exception {
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		Path bad = Files.createTempFile("bad", ".xlsx");
		Path good = Files.createTempFile("good", ".xlsx");
		writeSheet(bad, new String[] { "8号楼", "1单元", "101", "-5", "坏数据", "12", "业主", "" });
		writeSheet(good, new String[] { "8号楼", "1单元", "101", "66.6", "浏览器导入", "13700001111", "业主", "100" });
		login("sq.nongchang");
		browser.get(url("/admin/org/nodes/" + compound + "/import"));
		browser.findElement(By.id("file")).sendKeys(bad.toString());
		click(By.cssSelector("form[enctype] button[type=submit]"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-errors")));
		String report = browser.findElement(By.id("import-errors")).getText();
		assertThat(report).contains("2 处问题").contains("专有面积(m²)").contains("手机号");
		screenshot("import-errors");

		browser.findElement(By.id("file")).sendKeys(good.toString());
		click(By.cssSelector("form[enctype] button[type=submit]"));
		wait.until(ExpectedConditions.textToBe(By.id("node-name"), "财政小区"));
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("已新增 1 户、登记 1 人");
		assertThat(browser.findElement(By.id("children")).getText()).contains("8号楼");
	}

	private static void writeSheet(Path file, String[] row) throws Exception {
		try (var out = Files.newOutputStream(file)) {
			org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "t", "1.0");
			var sheet = wb.newWorksheet("住户");
			String[] headers = { "楼栋", "单元", "房号", "专有面积(m²)", "姓名", "手机号", "身份", "产权份额(%)" };
			for (int c = 0; c < headers.length; c++) {
				sheet.value(0, c, headers[c]);
				if (!row[c].isEmpty()) {
					sheet.value(1, c, row[c]);
				}
			}
			wb.finish();
		}
	}

	@Test
	void wrongPasswordShowsAnErrorAndEnglishIsOneTapAway() {
		browser.get(url("/login"));
		browser.findElement(By.id("username")).sendKeys("sq.chaoyang");
		browser.findElement(By.id("password")).sendKeys("wrong");
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-danger")));
		assertThat(browser.findElement(By.cssSelector(".alert-danger")).getText()).isEqualTo("用户名或密码错误。");
		browser.findElement(By.linkText("English")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("button[type=submit]"), "Log in"));
		login("sq.chaoyang");
		wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Console"));
	}

	private void login(String username) {
		phone.login(username);
	}

	private void login(String username, String password) {
		phone.login(username, password);
	}

	private void click(By by) {
		phone.click(by);
	}

	private void assertFitsThePhone() {
		assertThat(phone.pageWidth()).as("page width on a 375 px phone").isLessThanOrEqualTo(375);
	}

	private String url(String path) {
		return phone.url(path);
	}

	private void screenshot(String name) throws Exception {
		phone.screenshot(name);
	}
}
