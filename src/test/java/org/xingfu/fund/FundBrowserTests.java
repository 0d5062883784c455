package org.xingfu.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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
import org.xingfu.shared.Money;
import org.xingfu.ApiClient;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * The journey of the issue in real Chromium on a phone-sized screen: property staff file an elevator emergency for
 * building 1 of 财政小区 with a photo, community staff confirm on site, the street approves, the works are accepted
 * with the actual cost, the post-use notice lists every household's share, and an owner of building 1 sees their
 * own share on their phone, the same number the API gives.
 */
@XingfuTest
class FundBrowserTests {

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
			phone.screenshot("fund-journey-last");
			phone.close();
		}
	}

	@Test
	void anElevatorEmergencyFromFilingToTheOwnersShare() throws Exception {
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long b1 = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound)
			.query(Long.class).single();
		Path photo = Files.createTempFile("elevator", ".png");
		Files.write(photo, FundApiTests.PNG);

		// property staff file from the phone; their only compound is chosen for them
		phone.login("wy.guoxin");
		browser.get(phone.url("/fund"));
		phone.click(By.id("new-application"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("fund-form")));
		new Select(browser.findElement(By.id("hazard"))).selectByValue("ELEVATOR");
		phone.click(By.id("building-" + b1));
		browser.findElement(By.id("scope")).sendKeys("1号楼1单元电梯困人后停用，曳引钢丝绳断股。");
		browser.findElement(By.id("plan")).sendKeys("更换钢丝绳，检测合格后恢复运行。");
		browser.findElement(By.id("budgetYuan")).sendKeys("12,800.00元");
		browser.findElement(By.id("contractor")).sendKeys("公主岭市安达电梯维修有限公司");
		browser.findElement(By.id("photos")).sendKeys(photo.toString());
		phone.click(By.id("file"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "待现场确认"));
		assertThat(browser.findElement(By.id("budget")).getText()).contains("12,800.00");
		assertThat(browser.findElements(By.cssSelector("#evidence img"))).hasSize(1);
		assertThat(phone.pageWidth()).isLessThanOrEqualTo(375);
		String page = browser.getCurrentUrl().replaceAll(".*(/fund/applications/\\d+).*", "$1");
		long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
		phone.screenshot("fund-filed");

		// the community confirms on site
		phone.login("sq.nongchang");
		browser.get(phone.url(page));
		browser.findElement(By.name("note")).sendKeys("现场查看属实。");
		phone.click(By.id("confirm"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "待街道审批"));

		// the street approves
		phone.login("jd.hebei");
		browser.get(phone.url("/fund"));
		phone.click(By.cssSelector("#applications a[href$='" + page + "']"));
		phone.click(By.id("approve"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已批准"));

		// the works are accepted with the actual cost; the post-use notice lists every household
		phone.login("wy.guoxin");
		browser.get(phone.url(page));
		browser.findElement(By.id("actualCostYuan")).sendKeys("12345.67");
		phone.click(By.id("complete"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "已验收"));
		assertThat(browser.findElement(By.id("actual-cost")).getText()).contains("12,345.67");
		int households = browser.findElements(By.cssSelector("#shares tbody tr")).size();
		assertThat(households).isGreaterThan(10);
		assertThat(browser.findElement(By.id("objections")).getText()).contains("异议 0 条");
		phone.click(By.id("post-notice"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice-body")));
		String notice = browser.findElement(By.id("notice-body")).getText();
		assertThat(notice).contains("12,345.67");
		assertThat(notice.lines().filter(l -> l.contains("m²") && l.endsWith("元")).count()).isEqualTo(households);
		phone.screenshot("fund-notice");

		// the owner of building 1, room 101 sees their own share on the phone, as the API gives it
		ApiClient api = new ApiClient(port);
		JsonNode own = null;
		for (JsonNode s : api.get("/api/v1/fund/applications/" + id + "/shares", api.token("jm.caizheng.101")).json()) {
			if (s.get("mine").asBoolean()) {
				own = s;
			}
		}
		assertThat(own).isNotNull();
		phone.login("jm.caizheng.101");
		browser.get(phone.url("/fund"));
		phone.click(By.cssSelector("#applications a[href$='" + page + "']"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".my-share")));
		String mine = browser.findElement(By.cssSelector(".my-share")).getText();
		assertThat(mine).contains(own.get("address").asString())
			.contains(Money.yuan(own.get("shareCents").asLong()) + " 元");
		assertThat(browser.findElements(By.id("shares"))).as("the whole table is for staff").isEmpty();
		assertThat(phone.pageWidth()).isLessThanOrEqualTo(375);
		phone.screenshot("fund-owner-share");
	}
}
