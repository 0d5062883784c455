package org.xingfu.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * A volunteer activity in real Chromium: staff publish it, a volunteer registers and signs up, scans the site's
 * code (opens its link) and checks in with one tap, staff close it, and the volunteer's hours rise.
 */
@XingfuTest
class VolunteerBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	VolunteerActivities activities;

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
			phone.screenshot("volunteer-journey-last");
			phone.close();
		}
	}

	@Test
	void publishSignUpCheckInByCodeCloseAndHoursRise() throws Exception {
		BigDecimal before = activities.hoursOf("jm.caizheng.101");

		phone.login("sq.nongchang");
		browser.get(phone.url("/volunteers/activities/new"));
		new Select(browser.findElement(By.id("communityId"))).selectByVisibleText("农场社区");
		browser.findElement(By.id("title")).sendKeys("清理楼道杂物");
		browser.findElement(By.id("description")).sendKeys("消防通道不能堆物");
		browser.findElement(By.id("place")).sendKeys("财政小区 2号楼");
		// a date-time field is filled the way a phone's picker fills it
		((JavascriptExecutor) browser).executeScript("document.getElementById('startsAt').value = arguments[0]",
				java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).plusHours(2).withSecond(0).withNano(0).toString().substring(0, 16));
		phone.click(By.cssSelector("form[action$='/volunteers/activities/new'] button[type=submit]"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("check-in-qr")));
		assertThat(browser.findElement(By.cssSelector("#check-in-qr svg")).isDisplayed()).isTrue();
		String checkInLink = browser.findElement(By.cssSelector("#check-in-qr a")).getAttribute("href");
		String activityUrl = browser.getCurrentUrl();
		phone.screenshot("volunteer-qr");
		browser.manage().deleteAllCookies();

		phone.login("jm.caizheng.101");
		browser.get(phone.url("/volunteers"));
		if (!browser.findElements(By.id("join")).isEmpty()) {
			phone.click(By.id("join"));
			phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("my-hours")));
		}
		browser.get(activityUrl);
		phone.click(By.id("sign-up"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("places"), "1/"));
		browser.get(checkInLink);
		phone.click(By.id("check-in"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checked-in")));
		browser.manage().deleteAllCookies();

		phone.login("sq.nongchang");
		browser.get(activityUrl);
		assertThat(browser.findElement(By.id("signups")).getText()).contains("已签到");
		phone.click(By.id("close"));
		phone.wait.until(ExpectedConditions.textToBe(By.id("activity-status"), "已结束"));
		assertThat(activities.hoursOf("jm.caizheng.101")).isEqualByComparingTo(before.add(new BigDecimal("2")));
	}
}
