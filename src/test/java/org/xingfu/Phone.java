package org.xingfu;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real Chromium (Debian's chromium and chromium-driver, installed by .ci/run) on a 375 px wide phone screen, used
 * like a person would: log in through the form, scroll before tapping. Screenshots go to target/screenshots.
 */
public final class Phone implements AutoCloseable {

	public final WebDriver browser;
	public final WebDriverWait wait;
	private final int port;
	private final Path profile;

	public Phone(int port) throws IOException {
		// one line saying what to install, if the machine has no Chromium and it could not be installed
		TestMachine.requireBrowser();
		this.port = port;
		this.profile = Files.createTempDirectory("xingfu-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=375,812", "--lang=zh-CN",
				"--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
		browser = new ChromeDriver(service, options);
		browser.manage().window().setSize(new Dimension(375, 812));
		wait = new WebDriverWait(browser, Duration.ofSeconds(15));
		// a page that navigates or swaps part of itself while a condition reads it: Chromium reports the old node as
		// stale or as "does not belong to the document"; either way, read again until the timeout
		wait.ignoring(org.openqa.selenium.WebDriverException.class);
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	public void login(String username) {
		login(username, ApiClient.PASSWORD);
	}

	public void login(String username, String password) {
		browser.get(url("/login"));
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	/** Scrolls the element to the middle of the small screen first, as a thumb would. */
	public void click(By by) {
		// a page that refreshes part of itself (htmx polling) may swap the element between finding and clicking it:
		// find it again, a few times, rather than fail on a detached node
		for (int attempt = 1;; attempt++) {
			try {
				var element = browser.findElement(by);
				((JavascriptExecutor) browser).executeScript(
						"arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
				element.click();
				return;
			}
			catch (org.openqa.selenium.StaleElementReferenceException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
			catch (org.openqa.selenium.WebDriverException ex) {
				if (attempt == 3 || ex.getMessage() == null || !ex.getMessage().contains("does not belong to the document")) {
					throw ex;
				}
			}
		}
	}

	/** The page's full width, which must not exceed the phone's 375 px. */
	public int pageWidth() {
		return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth"))
			.intValue();
	}

	public void screenshot(String name) throws IOException {
		Path dir = Path.of("target/screenshots");
		Files.createDirectories(dir);
		Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

	@Override
	/** Quits the browser and removes its profile (a few megabytes a test, left in /tmp otherwise). */
	public void close() {
		browser.quit();
		try (var files = Files.walk(profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a profile left behind costs disk space, not correctness
		}
	}
}
