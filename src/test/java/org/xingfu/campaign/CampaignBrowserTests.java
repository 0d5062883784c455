package org.xingfu.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * The campaign journey of the issue in real Chromium on a phone: community staff start a campaign for 财政小区 and
 * open a site; two residents are checked in there by their codes (a third scan of the first stores nothing); the
 * progress of building 1 rises, also on a page left open, which updates itself; the grid's missing list shrinks; a
 * dispatch is sent and the grid worker acknowledges it. A fourth resident is checked in from a photo of their code.
 */
@XingfuTest
class CampaignBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PersonalCodes codes;

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
			phone.screenshot("campaign-journey-last");
			phone.close();
		}
	}

	int done(long building) {
		String text = browser.findElement(By.cssSelector("#progress-children tr[data-node='" + building + "'] .done")).getText();
		return Integer.parseInt(text.substring(0, text.indexOf('/')).strip());
	}

	int missingCount() {
		Matcher m = Pattern.compile("（(\\d+) 人）").matcher(browser.findElement(By.tagName("h1")).getText());
		assertThat(m.find()).isTrue();
		return Integer.parseInt(m.group(1));
	}

	void scan(String code, String temperature) {
		// the answer of the scan before is swapped out: wait for that before reading the new one
		var before = browser.findElements(By.cssSelector("#checkin-result, #checkin-error"));
		browser.findElement(By.id("code")).clear();
		browser.findElement(By.id("code")).sendKeys(code);
		browser.findElement(By.id("v-temperature")).sendKeys(temperature);
		phone.click(By.id("check-in"));
		if (!before.isEmpty()) {
			// Chromium reports a swapped-out node either as stale or as "does not belong to the document"
			var old = before.getFirst();
			phone.wait.until(d -> {
				try {
					old.isEnabled();
					return false;
				}
				catch (org.openqa.selenium.WebDriverException gone) {
					return true;
				}
			});
		}
		phone.wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.id("checkin-result")),
				ExpectedConditions.presenceOfElementLocated(By.id("checkin-error"))));
	}

	@Test
	void aCampaignFromSiteCheckInsToAnAcknowledgedDispatch() throws Exception {
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		long building1 = jdbc.sql("select id from org_node where parent_id = ? and name = '1号楼'").param(compound)
			.query(Long.class).single();
		String b1Path = jdbc.sql("select path from org_node where id = ?").param(building1).query(String.class).single();
		long owner = jdbc.sql("select person_id from idn_account where username = 'jm.caizheng.101'").query(Long.class).single();

		phone.login("sq.nongchang");
		browser.get(phone.url("/campaigns"));
		browser.findElement(By.name("name")).sendKeys("财政小区冬季流感疫苗接种（页面）");
		new Select(browser.findElement(By.name("kind"))).selectByValue("VACCINATION");
		phone.click(By.id("cn-" + compound));
		phone.click(By.id("f-temp"));
		phone.click(By.cssSelector("#new-campaign button[type=submit]"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-children")));
		long campaign = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/campaigns/(\\d+).*", "$1"));
		int doneBefore = done(building1);
		long other = jdbc.sql("""
				select subject_id from cmp_target where campaign_id = ? and node_path like ? and subject_id <> ? and status = 'PENDING'
				 order by subject_id limit 1""").params(campaign, b1Path + "%", owner).query(Long.class).single();
		long third = jdbc.sql("""
				select subject_id from cmp_target where campaign_id = ? and node_path like ? and subject_id not in (?, ?)
				 order by subject_id limit 1""").params(campaign, b1Path + "%", owner, other).query(Long.class).single();
		long fourth = jdbc.sql("""
				select subject_id from cmp_target where campaign_id = ? and node_path like ? and subject_id not in (?, ?, ?)
				 order by subject_id limit 1""").params(campaign, b1Path + "%", owner, other, third).query(Long.class).single();
		long gridId = jdbc.sql("select grid_id from org_grid_building where building_id = ?").param(building1)
			.query(Long.class).single();
		browser.get(phone.url("/campaigns/" + campaign + "/grids/" + gridId + "/missing"));
		int missingBefore = missingCount();

		browser.get(phone.url("/campaigns/" + campaign));
		browser.findElement(By.cssSelector("form[action$='/sites'] input[name='name']")).sendKeys("1号楼前临时接种点");
		phone.click(By.cssSelector("form[action$='/sites'] button"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sites a")));
		phone.click(By.cssSelector("#sites a"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("scan-form")));

		scan(codes.codeOf(owner), "36.5");
		assertThat(browser.findElement(By.id("checkin-result")).getText()).contains("登记成功");
		scan(codes.codeOf(other).toLowerCase(), "36.7");
		assertThat(browser.findElement(By.id("checkin-result")).getText()).contains("登记成功");
		scan(codes.codeOf(owner), "36.5");
		assertThat(browser.findElement(By.id("checkin-result")).getText()).contains("此前已登记");
		scan("P1-WRONG1", "36.5");
		assertThat(browser.findElement(By.id("checkin-error")).getText()).contains("码无效");
		assertThat(phone.pageWidth()).isLessThanOrEqualTo(375);
		phone.screenshot("campaign-scan");
		// a phone whose browser cannot read codes: a photo of the resident's code
		java.nio.file.Path photo = java.nio.file.Files.createTempFile("code", ".png");
		java.nio.file.Files.write(photo, CampaignApiTests.qrPhoto(codes.codeOf(fourth)));
		browser.findElement(By.id("photo")).sendKeys(photo.toString());
		browser.findElement(By.id("pv-temperature")).sendKeys("36.3");
		phone.click(By.id("check-in-photo"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checkin-result")));
		assertThat(browser.findElement(By.id("checkin-result")).getText()).contains("登记成功");

		browser.get(phone.url("/campaigns/" + campaign));
		assertThat(done(building1)).isEqualTo(doneBefore + 3);
		// a third check-in from another scanner: the open page shows it without a reload
		ApiClient api = new ApiClient(port);
		long site = jdbc.sql("select id from cmp_site where campaign_id = ?").param(campaign).query(Long.class).single();
		assertThat(api.post("/api/v1/campaigns/" + campaign + "/checkins", api.token("wg.nongchang.1"), ApiClient.json(
				Map.of("code", codes.codeOf(third), "siteId", site, "values", Map.of("temperature", 36.6)))).status())
			.isEqualTo(201);
		// htmx swaps the figures every 5 s: a read may hit the element being replaced, so such errors mean "try again"
		new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.WebDriverException.class)
			.until(d -> done(building1) == doneBefore + 4);
		phone.screenshot("campaign-progress");

		browser.get(phone.url("/campaigns/" + campaign + "/grids/" + gridId + "/missing"));
		assertThat(missingCount()).isEqualTo(missingBefore - 4);

		// a dispatch to the grid workers of building 1, acknowledged by the grid head on the phone
		browser.get(phone.url("/campaigns/" + campaign));
		new Select(browser.findElement(By.cssSelector("#dispatch-form select"))).selectByValue(String.valueOf(building1));
		browser.findElement(By.cssSelector("#dispatch-form textarea")).sendKeys("请通知1号楼未接种的老人，下午2点前到接种点。");
		phone.click(By.id("send-dispatch"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dispatch-message")));
		String dispatchUrl = browser.getCurrentUrl();

		phone.login("wg.nongchang.1");
		browser.get(phone.url("/campaigns"));
		phone.click(By.cssSelector("#my-dispatches a[href$='" + dispatchUrl.substring(dispatchUrl.indexOf("/dispatches/")) + "']"));
		phone.click(By.id("ack"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("acked")));
		assertThat(browser.findElement(By.id("dispatch-acks")).getText()).startsWith("1 /");
		phone.screenshot("campaign-dispatch-acked");
	}
}
