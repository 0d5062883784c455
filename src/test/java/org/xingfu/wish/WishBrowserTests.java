package org.xingfu.wish;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * A wish in real Chromium on a phone-sized screen: a grid head posts it for an elderly resident, community staff
 * verify it, a volunteer claims and fulfils it with a photo, staff confirm, and the volunteer's points rise.
 */
@XingfuTest
class WishBrowserTests {

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
			phone.screenshot("wish-journey-last");
			phone.close();
		}
	}

	@Test
	void gridHeadPostsStaffVerifyVolunteerClaimsAndFulfilsStaffConfirmPointsRise() throws Exception {
		long household = jdbc.sql("""
				select h.id from org_role_assignment ra
				  join org_grid_building gb on gb.grid_id = ra.grid_id
				  join org_node b on b.id = gb.building_id
				  join org_node h on h.type = 'HOUSEHOLD' and h.path like b.path || '%'
				  join org_residency r on r.household_id = h.id
				  join idn_account a on a.person_id = ra.person_id
				 where a.username = 'wg.nongchang.1' and ra.role = 'GRID_HEAD'
				 order by h.id limit 1""").query(Long.class).single();
		Path photo = Files.createTempFile("radio", ".png");
		ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());

		phone.login("zy.001");
		browser.get(phone.url("/volunteers/points"));
		long pointsBefore = Long.parseLong(browser.findElement(By.id("points-total")).getText());
		browser.manage().deleteAllCookies();

		phone.login("wg.nongchang.1");
		browser.get(phone.url("/wishes/new?householdId=" + household));
		phone.click(By.cssSelector("input[name=beneficiaryPersonId]"));
		browser.findElement(By.id("title")).sendKeys("一台收音机");
		browser.findElement(By.id("description")).sendKeys("独居老人，眼睛不好，想听戏曲广播");
		// over the cap: the form comes back with the reason, in Chinese, and nothing is stored
		browser.findElement(By.id("valueYuan")).sendKeys("800");
		phone.click(By.cssSelector("form[action$='/wishes/new'] button[type=submit]"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("valueYuan-error")));
		assertThat(browser.findElement(By.id("valueYuan-error")).getText()).contains("超过上限");
		phone.click(By.cssSelector("input[name=beneficiaryPersonId]"));
		browser.findElement(By.id("valueYuan")).clear();
		browser.findElement(By.id("valueYuan")).sendKeys("80");
		phone.screenshot("wish-new");
		phone.click(By.cssSelector("form[action$='/wishes/new'] button[type=submit]"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("wish-status")));
		assertThat(browser.findElement(By.id("wish-status")).getText()).isEqualTo("待核实");
		String wishUrl = browser.getCurrentUrl();
		browser.manage().deleteAllCookies();

		phone.login("sq.nongchang");
		browser.get(wishUrl);
		phone.click(By.id("verify"));
		phone.wait.until(ExpectedConditions.textToBe(By.id("wish-status"), "待认领"));
		browser.manage().deleteAllCookies();

		phone.login("zy.001");
		browser.get(wishUrl);
		assertThat(browser.findElement(By.id("beneficiary")).getText()).contains("*");
		phone.click(By.id("claim"));
		phone.wait.until(ExpectedConditions.textToBe(By.id("wish-status"), "已认领"));
		assertThat(browser.findElement(By.id("beneficiary")).getText()).doesNotContain("*");
		browser.findElement(By.id("photos")).sendKeys(photo.toString());
		browser.findElement(By.id("note")).sendKeys("已送到老人家中，教会了怎么调台");
		phone.screenshot("wish-fulfil");
		phone.click(By.id("fulfil"));
		phone.wait.until(ExpectedConditions.textToBe(By.id("wish-status"), "已实现待确认"));
		assertThat(browser.findElements(By.cssSelector("main img"))).hasSize(1);
		browser.manage().deleteAllCookies();

		phone.login("sq.nongchang");
		browser.get(wishUrl);
		browser.findElement(By.id("thanks")).sendKeys("谢谢志愿者");
		phone.click(By.id("confirm"));
		phone.wait.until(ExpectedConditions.textToBe(By.id("wish-status"), "已圆梦"));
		browser.manage().deleteAllCookies();

		phone.login("zy.001");
		// points are awarded after the commit, on another thread: reload until they show
		phone.wait.until(driver -> {
			driver.get(phone.url("/volunteers/points"));
			return Long.parseLong(driver.findElement(By.id("points-total")).getText()) == pointsBefore + 10;
		});
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("一台收音机");
		phone.screenshot("wish-points");
	}
}
