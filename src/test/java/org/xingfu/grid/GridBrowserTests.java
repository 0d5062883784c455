package org.xingfu.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * The grid worker's part of the journey, in real Chromium on a 375 px phone: a visit to an overdue
 * special-care resident from the home page (which takes them off the list), a one-tap log, and a hazard turned into
 * a request whose page links back to the log.
 */
@XingfuTest
class GridBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Phone phone;
	WebDriver browser;

	@BeforeEach
	void open() throws Exception {
		phone = new Phone(port);
		browser = phone.browser;
	}

	@AfterEach
	void close() throws Exception {
		if (phone != null) {
			phone.screenshot("grid-journey-last");
			phone.close();
		}
	}

	@Test
	void aGridWorkersRound() throws Exception {
		// an elderly resident of 财政小区 living alone, last seen 40 days ago
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long person = jdbc.sql("""
				select r.person_id from org_residency r join org_node h on h.id = r.household_id
				 where h.path like (select path from org_node where id = ?) || '%' order by r.person_id offset 11 limit 1""")
			.param(compound).query(Long.class).single();
		ApiClient api = new ApiClient(port);
		long careId = api.post("/api/v1/grid/care", api.token("sq.nongchang"),
				ApiClient.json(Map.of("personId", person, "category", "ELDERLY_ALONE"))).json().get("id").asLong();
		jdbc.sql("update grd_care set since = current_date - 40 where id = ?").param(careId).update();

		phone.login("wg.nongchang.1");
		browser.get(phone.url("/grid"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("due-visits")));
		assertThat(phone.pageWidth()).isLessThanOrEqualTo(375);
		phone.screenshot("grid-home");
		phone.click(By.cssSelector("#due-visits a[href*='careId=" + careId + "']"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("log-place")));
		browser.findElement(By.id("note")).sendKeys("上门探访，老人血压正常，帮忙代买药品。");
		phone.click(By.id("save-log"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-note"), "血压正常"));
		browser.get(phone.url("/grid"));
		assertThat(browser.findElements(By.cssSelector("#due-visits a[href*='careId=" + careId + "']"))).isEmpty();

		// one tap: 宣传政策
		phone.click(By.id("log-POLICY"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("log-form")));
		assertThat(browser.findElement(By.id("kind-POLICY")).isSelected()).isTrue();
		browser.findElement(By.id("note")).sendKeys("宣传防范电信诈骗，指导3户安装国家反诈中心APP。");
		phone.click(By.id("save-log"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-kind"), "宣传政策"));

		// a hazard becomes a request; the request's page links back to the log
		browser.get(phone.url("/grid"));
		phone.click(By.id("report-hazard"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hazard-form")));
		new Select(browser.findElement(By.id("h-category"))).selectByValue("PROPERTY_REPAIR");
		browser.findElement(By.id("h-title")).sendKeys("2单元楼道窗玻璃破裂");
		browser.findElement(By.id("h-description")).sendKeys("玻璃碎片悬挂，有坠落伤人危险。");
		new Select(browser.findElement(By.id("h-urgency"))).selectByValue("UTILITY");
		phone.click(By.id("file-hazard"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("log-request")));
		String logUrl = browser.getCurrentUrl();
		phone.screenshot("grid-hazard-log");
		phone.click(By.cssSelector("#log-request a"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("request-title"), "2单元楼道窗玻璃破裂"));
		assertThat(browser.findElement(By.cssSelector("#request-origin a")).getAttribute("href")).isEqualTo(logUrl);
		phone.screenshot("grid-hazard-request");
	}
}
