package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * The request loop in real Chromium on a phone-sized screen: a resident reports with a photo, the building head
 * accepts and resolves, the resident rates, community staff read the three rates.
 */
@XingfuTest
class RequestBrowserTests {

	@LocalServerPort
	int port;

	Phone phone;
	WebDriver browser;
	WebDriverWait wait;

	@BeforeEach
	void open() throws Exception {
		phone = new Phone(port);
		browser = phone.browser;
		wait = phone.wait;
	}

	@AfterEach
	void close() throws Exception {
		if (phone != null) {
			phone.screenshot("request-journey-last");
			phone.close();
		}
	}

	@Test
	void residentReportsWithAPhotoBuildingHeadResolvesResidentRatesStaffSeeTheRates() throws Exception {
		Path photo = Files.createTempFile("stairwell", ".png");
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		ImageIO.write(image, "png", photo.toFile());

		login("jm.caizheng.101");
		browser.get(url("/requests/new"));
		browser.findElement(By.id("title")).sendKeys("楼道暖气管漏水");
		browser.findElement(By.id("description")).sendKeys("暖气片一直滴水，家里一点都不热");
		// the suggestion arrives while typing; take it
		wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#suggestion button")));
		click(By.cssSelector("#suggestion button"));
		assertThat(browser.findElement(By.id("category")).getAttribute("value")).isEqualTo("HEATING");
		click(By.id("urgency-UTILITY"));
		browser.findElement(By.id("photos")).sendKeys(photo.toString());
		screenshot("request-new");
		click(By.cssSelector("form[action$='/requests'] button[type=submit]"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("request-status")));
		assertThat(browser.findElement(By.id("request-status")).getText()).isEqualTo("待受理");
		assertThat(browser.findElements(By.cssSelector("main img"))).hasSize(1);
		String requestUrl = browser.getCurrentUrl();
		String id = requestUrl.substring(requestUrl.lastIndexOf('/') + 1);
		logout();

		login("ld.caizheng.1");
		browser.get(url("/admin/requests?status=SUBMITTED"));
		assertThat(browser.findElement(By.id("queue")).getText()).contains("楼道暖气管漏水");
		browser.get(url("/admin/requests/" + id));
		click(By.id("accept"));
		wait.until(ExpectedConditions.textToBe(By.id("owner"), "ld.caizheng.1"));
		browser.findElement(By.id("resolve-note")).sendKeys("已联系供热公司更换阀门");
		click(By.id("resolve"));
		wait.until(ExpectedConditions.textToBe(By.id("request-status"), "已办结待确认"));
		screenshot("request-staff");
		logout();

		login("jm.caizheng.101");
		browser.get(url("/requests/" + id));
		click(By.cssSelector("label[for='sat-SATISFIED']"));
		click(By.cssSelector("#confirm button[type=submit]"));
		wait.until(ExpectedConditions.textToBe(By.id("request-status"), "已结案"));
		assertThat(browser.findElement(By.id("timeline")).getText()).contains("已受理").contains("已办结").contains("居民已确认");
		logout();

		login("sq.nongchang");
		browser.get(url("/admin/requests/rates"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rate-cards")));
		assertThat(browser.findElement(By.id("rate-counts")).getText()).startsWith("收到");
		assertThat(browser.findElement(By.id("rates-table")).getText()).contains("财政小区");
		// the chart was drawn by Chart.js into a canvas
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend canvas")));
		screenshot("request-rates");
	}

	private void login(String username) {
		phone.login(username);
	}

	private void logout() {
		browser.manage().deleteAllCookies();
	}

	private void click(By by) {
		phone.click(by);
	}

	private String url(String path) {
		return phone.url(path);
	}

	private void screenshot(String name) throws Exception {
		phone.screenshot(name);
	}
}
