package org.xingfu.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * In real Chromium: the city administrator drills down from the city to 财政小区 through the drill-down table and
 * sees on every level the numbers the JSON API gives for that node, with the charts drawn.
 */
@XingfuTest
class DashboardBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Phone phone;

	@AfterEach
	void close(TestInfo info) throws Exception {
		if (phone != null) {
			phone.screenshot(info.getTestMethod().orElseThrow().getName() + "-last");
			phone.close();
		}
	}

	@Test
	void drillsDownFromTheCityToACompoundAndSeesTheApisNumbers() throws Exception {
		ApiClient api = new ApiClient(port);
		String token = api.token("admin");
		phone = new Phone(port);
		phone.login("admin");
		phone.browser.get(phone.url("/dashboard"));
		for (String next : List.of("河北街道", "农场社区", "财政小区", "")) {
			phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dash-title")));
			String title = phone.browser.findElement(By.id("dash-title")).getText();
			String url = phone.browser.getCurrentUrl();
			long nodeId = url.contains("nodeId=") ? Long.parseLong(url.replaceAll(".*nodeId=([0-9]+).*", "$1"))
					: jdbc.sql("select id from org_node where type = 'CITY'").query(Long.class).single();
			JsonNode d = api.get("/api/v1/dashboard/nodes/" + nodeId, token).json();
			assertThat(title).startsWith(d.get("name").asString());
			for (String code : List.of("request.received", "request.open", "org.households", "org.sunkCadres",
					"property.coverage")) {
				String shown = phone.browser.findElement(By.cssSelector(".xf-figure[data-code='" + code + "'] .xf-value")).getText();
				assertThat(shown).as(title + " " + code).isEqualTo(formatted(d, code));
			}
			// the trend chart is drawn (Chart.js puts a canvas in its box)
			phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dash-trend canvas")));
			assertThat(phone.pageWidth()).isLessThanOrEqualTo(375 + 16);
			phone.screenshot("dashboard-" + d.get("type").asString().toLowerCase());
			if (next.isEmpty()) {
				assertThat(d.get("type").asString()).isEqualTo("COMPOUND");
				break;
			}
			phone.click(By.xpath("//table[@id='dash-children-table']//a[text()='" + next + "']"));
			phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dash-title"), next));
		}
	}

	@Test
	void theBigScreenFillsTheCommandCentresScreen() throws Exception {
		phone = new Phone(port);
		phone.login("jd.hebei");
		phone.browser.manage().window().setSize(new org.openqa.selenium.Dimension(1920, 1080));
		phone.browser.get(phone.url("/dashboard/screen"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dash-trend canvas")));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dash-children canvas")));
		assertThat(phone.browser.findElement(By.id("dash-title")).getText()).startsWith("河北街道");
		assertThat(phone.browser.findElements(By.cssSelector(".xf-screen-card"))).hasSizeGreaterThanOrEqualTo(12);
		// dark, no scrolling sideways, the sixteen headline figures above the fold
		assertThat(phone.browser.findElement(By.tagName("html")).getAttribute("data-bs-theme")).isEqualTo("dark");
		assertThat(phone.pageWidth()).isLessThanOrEqualTo(1920);
		var last = phone.browser.findElements(By.cssSelector(".xf-screen-card")).getLast();
		assertThat(last.getRect().getY() + last.getRect().getHeight()).isLessThanOrEqualTo(1080);
		phone.screenshot("dashboard-screen");
		// it refreshes itself: the htmx swap keeps the charts drawn
		((org.openqa.selenium.JavascriptExecutor) phone.browser).executeScript(
				"htmx.trigger(document.getElementById('screen'), 'every 60s')");
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dash-trend canvas")));
	}

	/** The API's value as the page shows it (Figure#formatted). */
	static String formatted(JsonNode d, String code) {
		for (JsonNode f : d.get("figures")) {
			if (f.get("code").asString().equals(code)) {
				if (f.get("value").isNull()) {
					return "—";
				}
				java.math.BigDecimal v = f.get("value").decimalValue();
				java.text.DecimalFormat format = new java.text.DecimalFormat(
						f.get("kind").asString().equals("COUNT") ? "#,##0" : "#,##0.0");
				format.setRoundingMode(java.math.RoundingMode.HALF_UP);
				return format.format(v);
			}
		}
		throw new AssertionError("no figure " + code);
	}
}
