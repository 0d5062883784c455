package org.xingfu.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.Axe;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * 长辈模式 on a 375 px phone in real Chromium: a resident switches it on from the menu; the type, the touch targets,
 * the home page and the menu change; it follows the account to another phone; the pages the issue names pass axe;
 * and it switches off again.
 */
@XingfuTest
class ElderModeTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aResidentSwitchesItOnAndItFollowsTheAccount() throws Exception {
		try (Phone phone = new Phone(port)) {
			phone.login("jm.caizheng.101");
			assertThat(fontSize(phone, "body")).isLessThan(18);
			assertThat(phone.browser.findElements(By.id("elder-actions"))).isEmpty();

			phone.click(By.cssSelector(".xf-elder-switch button"));
			phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("elder-actions")));
			assertThat(fontSize(phone, "body")).isGreaterThanOrEqualTo(18);
			// the three most used actions first, large
			List<WebElement> actions = phone.browser.findElements(By.cssSelector("#elder-actions a"));
			assertThat(actions).extracting(a -> a.getAttribute("href"))
				.containsExactly(phone.url("/requests/new"), phone.url("/requests"), phone.url("/notices"));
			for (WebElement a : actions) {
				assertThat(a.getRect().getHeight()).as(a.getText()).isGreaterThanOrEqualTo(48);
			}
			// every button and field on the request form is a large target
			phone.browser.get(phone.url("/requests/new"));
			for (WebElement e : phone.browser.findElements(By.cssSelector("main .btn, main .form-control, main .form-select"))) {
				if (e.isDisplayed()) {
					assertThat(e.getRect().getHeight()).as(e.getTagName() + " " + e.getAttribute("name"))
						.isGreaterThanOrEqualTo(48);
				}
			}
			// a visible way back, and a menu with only what a resident uses most
			assertThat(phone.browser.findElement(By.cssSelector("[data-xf-back]")).getText()).contains("返回");
			String menu = (String) ((JavascriptExecutor) phone.browser)
				.executeScript("return Array.from(document.querySelectorAll('#xf-menu .nav-item'))"
						+ ".filter(li => getComputedStyle(li).display !== 'none').map(li => li.textContent.trim()).join('|')");
			assertThat(menu).contains("我的诉求").contains("公示").doesNotContain("业主表决").doesNotContain("修改密码");
			phone.click(By.cssSelector("[data-xf-back]"));
			phone.wait.until(ExpectedConditions.urlToBe(phone.url("/")));

			// the pages the issue names, in 长辈模式: no serious or critical accessibility violation
			for (String page : List.of("/", "/requests/new", "/notices", "/requests")) {
				phone.browser.get(phone.url(page));
				assertThat(Axe.seriousViolations(phone)).as(page).isEmpty();
			}
		}
		assertThat(jdbc.sql("select elder_mode from idn_account where username = 'jm.caizheng.101'")
			.query(Boolean.class).single()).isTrue();

		// another phone: signing in brings the mode along; switching it off there is remembered too
		try (Phone other = new Phone(port)) {
			other.login("jm.caizheng.101");
			assertThat(other.browser.findElements(By.id("elder-actions"))).hasSize(1);
			assertThat(fontSize(other, "body")).isGreaterThanOrEqualTo(18);
			other.click(By.cssSelector(".xf-elder-switch button"));
			other.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("elder-actions")));
			assertThat(fontSize(other, "body")).isLessThan(18);
		}
		assertThat(jdbc.sql("select elder_mode from idn_account where username = 'jm.caizheng.101'")
			.query(Boolean.class).single()).isFalse();
	}

	@Test
	void aVisitorChoosesItOnTheSignInPageForThisPhoneOnly() throws Exception {
		try (Phone phone = new Phone(port)) {
			phone.browser.get(phone.url("/login"));
			phone.click(By.cssSelector(".xf-elder-switch button"));
			phone.wait.until(ExpectedConditions.urlContains("/login"));
			assertThat(fontSize(phone, "body")).isGreaterThanOrEqualTo(18);
			assertThat(Axe.seriousViolations(phone)).isEmpty();
		}
	}

	@Test
	void theSwitchGoesBackOnlyToAPageOfThisSite() {
		assertThat(ElderMode.local("/notices?current=true")).isTrue();
		assertThat(ElderMode.local("//evil.example/")).isFalse();
		assertThat(ElderMode.local("https://evil.example/")).isFalse();
		assertThat(ElderMode.local("/\\evil.example")).isFalse();
		assertThat(ElderMode.local("/a\r\nSet-Cookie: x=1")).isFalse();
	}

	private static double fontSize(Phone phone, String selector) {
		String size = (String) ((JavascriptExecutor) phone.browser)
			.executeScript("return getComputedStyle(document.querySelector(arguments[0])).fontSize", selector);
		return Double.parseDouble(size.replace("px", ""));
	}
}
