package org.xingfu.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * A request typed in a stairwell (real Chromium, 375 px): the draft survives a reload, a submission without a
 * connection is held on the phone and sent by itself when the connection returns, once; the photo is made smaller
 * on the phone first. And the form sent twice with its key files one request.
 */
@XingfuTest
class OfflineDraftTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aRequestTypedWithoutAConnectionIsFiledOnceWhenItReturns() throws Exception {
		String title = "楼道草稿：三楼声控灯不亮" + System.nanoTime() % 10000;
		Path photo = Files.createTempFile("stairwell", ".png");
		BufferedImage big = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < 3000; x += 7) {
			for (int y = 0; y < 2000; y += 5) {
				big.setRGB(x, y, (x * 31 + y * 17) & 0xffffff);
			}
		}
		ImageIO.write(big, "png", photo.toFile());
		try (Phone phone = new Phone(port)) {
			phone.login("jm.caizheng.101");
			phone.browser.get(phone.url("/requests/new"));
			phone.browser.findElement(By.id("title")).sendKeys(title);
			phone.browser.findElement(By.id("description")).sendKeys("晚上上楼看不见台阶，老人容易摔倒。");
			new Select(phone.browser.findElement(By.id("category"))).selectByIndex(1);

			// the draft survives closing and opening the page
			phone.browser.navigate().refresh();
			assertThat(phone.browser.findElement(By.id("title")).getAttribute("value")).isEqualTo(title);
			assertThat(phone.browser.findElement(By.cssSelector("[data-xf-draft-note]")).getText()).contains("已恢复");

			// the photo is made smaller on the phone before it goes up
			phone.browser.findElement(By.id("photos")).sendKeys(photo.toString());
			phone.wait.until(d -> phone.browser.findElement(By.id("photos")).getAttribute("data-xf-resized-bytes") != null);
			JavascriptExecutor js = (JavascriptExecutor) phone.browser;
			assertThat(js.executeScript("return document.getElementById('photos').files[0].type")).isEqualTo("image/jpeg");
			long resized = Long.parseLong(phone.browser.findElement(By.id("photos")).getAttribute("data-xf-resized-bytes"));
			assertThat(resized).isLessThan(Files.size(photo));

			// no connection: the submission is held on the phone
			ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
			offline.setOffline(true);
			((HasNetworkConditions) phone.browser).setNetworkConditions(offline);
			phone.wait.until(d -> Boolean.FALSE.equals(js.executeScript("return navigator.onLine")));
			phone.click(By.cssSelector("form[data-xf-draft] button[type=submit]"));
			phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-xf-draft-note]"),
					"没有网络"));
			assertThat(phone.browser.getCurrentUrl()).endsWith("/requests/new");
			assertThat(filed(title)).isZero();

			// the connection returns: sent by itself, once, with its photo
			((HasNetworkConditions) phone.browser).deleteNetworkConditions();
			phone.wait.until(ExpectedConditions.urlMatches(".*/requests/\\d+$"));
			assertThat(filed(title)).isEqualTo(1);
			assertThat(jdbc.sql("""
					select count(*) from req_photo p join req_request r on r.id = p.request_id where r.title = ?""")
				.param(title).query(Long.class).single()).isEqualTo(1);
			// the draft is gone once the request is filed
			phone.browser.get(phone.url("/requests/new"));
			assertThat(phone.browser.findElement(By.id("title")).getAttribute("value")).isEmpty();
		}
		finally {
			Files.deleteIfExists(photo);
		}
	}

	/** The resident's other forms that take typing (a topic, an objection, a wish) keep their drafts the same way. */
	@Test
	void aTopicProposalKeepsItsDraftAndWaitsForTheConnection() throws Exception {
		String title = "楼下空地改成小菜园" + System.nanoTime() % 10000;
		try (Phone phone = new Phone(port)) {
			phone.login("jm.caizheng.101");
			phone.browser.get(phone.url("/topics"));
			phone.browser.findElement(By.id("title")).sendKeys(title);
			phone.browser.findElement(By.id("description")).sendKeys("空地长期堆放杂物，想请大家商量改成菜园。");
			phone.browser.navigate().refresh();
			assertThat(phone.browser.findElement(By.id("title")).getAttribute("value")).isEqualTo(title);
			assertThat(phone.browser.findElement(By.cssSelector("#propose-form [data-xf-draft-note]")).getText())
				.contains("已恢复");

			JavascriptExecutor js = (JavascriptExecutor) phone.browser;
			ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
			offline.setOffline(true);
			((HasNetworkConditions) phone.browser).setNetworkConditions(offline);
			phone.wait.until(d -> Boolean.FALSE.equals(js.executeScript("return navigator.onLine")));
			phone.click(By.cssSelector("#propose-form button[type=submit]"));
			phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(
					By.cssSelector("#propose-form [data-xf-draft-note]"), "没有网络"));
			assertThat(topics(title)).isZero();

			((HasNetworkConditions) phone.browser).deleteNetworkConditions();
			phone.wait.until(d -> topics(title) == 1);
			phone.wait.until(d -> !d.getCurrentUrl().endsWith("/topics") || d.getPageSource().contains(title));
			phone.browser.get(phone.url("/topics"));
			assertThat(phone.browser.findElement(By.id("title")).getAttribute("value")).isEmpty();
			assertThat(topics(title)).isEqualTo(1);
		}
	}

	private long topics(String title) {
		return jdbc.sql("select count(*) from dlb_topic where title = ?").param(title).query(Long.class).single();
	}

	@Test
	void theSameFormSentTwiceFilesOneRequest() {
		PageSession resident = new PageSession(port);
		resident.login("jm.caizheng.101", ApiClient.PASSWORD);
		String form = resident.page("/requests/new").body();
		Matcher key = Pattern.compile("name=\"idempotencyKey\" value=\"([0-9a-f-]+)\"").matcher(form);
		assertThat(key.find()).isTrue();
		String title = "重发测试：单元门关不上" + System.nanoTime() % 10000;
		String body = "category=PROPERTY_REPAIR&urgency=GENERAL&where=HOUSEHOLD&contactPreference=PHONE&title="
				+ enc(title) + "&description=" + enc("门禁坏了，关不上。") + "&idempotencyKey=" + key.group(1);
		HttpResponse<String> first = multipartLess(resident, body);
		HttpResponse<String> again = multipartLess(resident, body);
		assertThat(first.statusCode()).isEqualTo(302);
		assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(filed(title)).isEqualTo(1);
		// the same key with other content is refused on the form
		HttpResponse<String> other = multipartLess(resident, body.replace(enc(title), enc(title + "（改）")));
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(other.body()).contains("这张表已经提交过");
		assertThat(filed(title + "（改）")).isZero();
	}

	/** The form as the browser sends it without photos: multipart with text fields only. */
	private static HttpResponse<String> multipartLess(PageSession session, String urlEncoded) {
		String boundary = "draft" + System.nanoTime();
		StringBuilder b = new StringBuilder();
		for (String pair : urlEncoded.split("&")) {
			String[] kv = pair.split("=", 2);
			b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(kv[0])
				.append("\"\r\n\r\n").append(java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8))
				.append("\r\n");
		}
		b.append("--").append(boundary).append("--\r\n");
		return session.postBody("/requests", "multipart/form-data; boundary=" + boundary,
				b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private long filed(String title) {
		return jdbc.sql("select count(*) from req_request where title = ?").param(title).query(Long.class).single();
	}

	private static String enc(String s) {
		return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
	}
}
