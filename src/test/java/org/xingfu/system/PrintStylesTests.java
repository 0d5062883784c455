package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * A page printed from the browser (Chromium with the print media emulated): the menu, the footer and the buttons
 * are gone, the content stays, and a link shows where it goes.
 */
@XingfuTest
class PrintStylesTests {

	@LocalServerPort
	int port;

	@Test
	void aPrintedPageKeepsTheContentWithoutTheMenu() throws Exception {
		try (Phone phone = new Phone(port)) {
			phone.login("sq.nongchang");
			phone.browser.get(phone.url("/notifications"));
			JavascriptExecutor js = (JavascriptExecutor) phone.browser;
			assertThat(phone.browser.findElement(By.cssSelector("nav.xf-nav")).isDisplayed()).isTrue();

			((ChromiumDriver) phone.browser).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
			assertThat(phone.browser.findElement(By.cssSelector("nav.xf-nav")).isDisplayed()).as("the menu").isFalse();
			assertThat(phone.browser.findElement(By.tagName("main")).isDisplayed()).as("the content").isTrue();
			assertThat(phone.browser.findElement(By.tagName("h1")).isDisplayed()).isTrue();
			assertThat(js.executeScript("return [...document.querySelectorAll('main .btn')]"
					+ ".every(b => getComputedStyle(b).display === 'none')")).as("no buttons").isEqualTo(true);
			Object after = js.executeScript("const a = document.querySelector('main a[href^=\"/\"]:not(.btn)');"
					+ " return a ? getComputedStyle(a, '::after').content : null");
			assertThat(after).as("a link in the content").isNotNull();
			assertThat(after.toString()).as("a link shows where it goes").contains("(/");
		}
	}
}
