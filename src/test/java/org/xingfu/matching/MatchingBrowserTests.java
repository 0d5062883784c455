package org.xingfu.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/** A demand through the pages in real Chromium: staff post it, the partner unit claims it. */
@XingfuTest
class MatchingBrowserTests {

	@LocalServerPort
	int port;

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
			phone.screenshot("matching-journey-last");
			phone.close();
		}
	}

	@Test
	void staffPostADemandAndAPartnerUnitClaimsIt() throws Exception {
		phone.login("sq.nongchang");
		browser.get(phone.url("/matching/demands/new"));
		new Select(browser.findElement(By.id("nodeId"))).selectByVisibleText("财政小区");
		new Select(browser.findElement(By.id("category"))).selectByValue("ENVIRONMENT");
		browser.findElement(By.id("title")).sendKeys("清理小区东侧绿化带");
		browser.findElement(By.id("description")).sendKeys("杂草多，需要 10 人半天");
		// past date first: the form comes back with the reason
		setDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(3));
		browser.findElement(By.id("beneficiaries")).clear();
		browser.findElement(By.id("beneficiaries")).sendKeys("300");
		phone.click(By.cssSelector("form[action$='/matching/demands/new'] button[type=submit]"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("wantedBy-error"), "不能早于今天"));
		setDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(10));
		phone.click(By.cssSelector("form[action$='/matching/demands/new'] button[type=submit]"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("demand-status")));
		assertThat(browser.findElement(By.id("demand-status")).getText()).isEqualTo("待认领");
		String demandUrl = browser.getCurrentUrl();
		browser.manage().deleteAllCookies();

		phone.login("gj.hebei");
		browser.get(demandUrl);
		phone.click(By.id("claim"));
		phone.wait.until(ExpectedConditions.textToBe(By.id("demand-status"), "已认领"));
		assertThat(browser.findElement(By.id("unit")).getText()).contains("共建点");
	}

	private void setDate(LocalDate date) {
		((JavascriptExecutor) browser).executeScript("document.getElementById('wantedBy').value = arguments[0]", date.toString());
	}
}
