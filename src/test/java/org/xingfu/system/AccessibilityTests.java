package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xingfu.Axe;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;

/**
 * Accessibility in a real browser: every page each demo role (and a visitor without an account) reaches from the home
 * page through links, on a 375 px phone screen, checked with axe-core (Deque's engine, the rules of WCAG 2.1 A and
 * AA). The test fails on any serious or critical violation, and on a page wider than the screen. Pages are found
 * by following links, so a page added later is checked as soon as a link leads to it; one page per path shape
 * (ids replaced) and role.
 */
@XingfuTest
class AccessibilityTests {

	/** The pages checked per role at most: the crawl is breadth first, the menu's pages come first. */
	static final int PAGES_PER_ROLE = Integer.getInteger("xingfu.a11y.pages", 70);

	static final String ELDER = "(长辈模式)";

	@LocalServerPort
	int port;

	@Test
	void noPageAnyRoleReachesHasASeriousOrCriticalViolation() throws IOException {
		List<String> violations = new ArrayList<>();
		Map<String, Integer> pagesByRole = new TreeMap<>();
		Set<String> shapes = new HashSet<>();
		List<String> roles = new ArrayList<>(AuthorizationMatrixTests.CALLERS);
		// residents and volunteers in 长辈模式 as well: the mode applies to every page through the layout
		roles.addAll(List.of("jm.caizheng.101 " + ELDER, "zy.001 " + ELDER));
		for (String role : roles) {
			try (Phone phone = new Phone(port)) {
				phone.browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
				String account = role.replace(" " + ELDER, "");
				if (!account.equals("anonymous")) {
					phone.login(account);
				}
				if (role.endsWith(ELDER)) {
					phone.browser.manage().addCookie(new org.openqa.selenium.Cookie("xf-elder", "1", "/"));
				}
				int pages = crawl(phone, role, violations, shapes);
				pagesByRole.put(role, pages);
			}
		}
		Files.writeString(Path.of("target", "accessibility.txt"), String.join("\n", violations));
		System.out.printf("Accessibility: %d pages checked (%s), %d path shapes, %d serious or critical violations%n",
				pagesByRole.values().stream().mapToInt(Integer::intValue).sum(), pagesByRole, shapes.size(),
				violations.size());
		assertThat(pagesByRole.get("admin")).as("pages the city admin reaches").isGreaterThan(20);
		assertThat(violations).as("serious or critical accessibility violations (target/accessibility.txt)").isEmpty();
	}

	private int crawl(Phone phone, String role, List<String> violations, Set<String> shapes) {
		JavascriptExecutor js = (JavascriptExecutor) phone.browser;
		Deque<String> queue = new ArrayDeque<>(List.of("/"));
		Set<String> seen = new HashSet<>();
		int checked = 0;
		while (!queue.isEmpty() && checked < PAGES_PER_ROLE) {
			String path = queue.poll();
			if (!seen.add(shape(path))) {
				continue;
			}
			phone.browser.get(phone.url(path));
			String current = phone.browser.getCurrentUrl();
			Object html = js.executeScript("return document.contentType");
			if (!current.startsWith(phone.url("/")) || !"text/html".equals(html)) {
				continue;
			}
			checked++;
			shapes.add(shape(path));
			List<String> result = new ArrayList<>(Axe.seriousViolations(phone));
			// a 375 px phone: the page itself never scrolls sideways (wide tables scroll in their own box)
			Number wider = (Number) js.executeScript(
					"return document.documentElement.scrollWidth - document.documentElement.clientWidth");
			if (wider.intValue() > 1) {
				result.add("wider than the 375 px screen by " + wider + " px");
			}
			if (role.endsWith(ELDER)) {
				result.addAll(elderSizes(js));
			}
			for (String v : result) {
				violations.add(role + " " + path + " " + v);
			}
			@SuppressWarnings("unchecked")
			List<String> links = (List<String>) js.executeScript("""
					return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))""");
			for (String link : links) {
				String next = link.replaceAll("#.*$", "");
				if (next.startsWith("/") && !next.startsWith("//") && followed(next)) {
					queue.add(next);
				}
			}
		}
		return checked;
	}

	/**
	 * In 长辈模式: body text of at least 18 px, and every visible button, field and menu link at least 48 px high
	 * (适老化: large type and touch targets).
	 */
	@SuppressWarnings("unchecked")
	private static List<String> elderSizes(JavascriptExecutor js) {
		return (List<String>) js.executeScript("""
				const problems = [];
				const body = parseFloat(getComputedStyle(document.body).fontSize);
				if (body < 18) { problems.push('elder body text ' + body + 'px'); }
				document.querySelectorAll('.btn, .form-control, .form-select, .nav-link').forEach(e => {
				  const r = e.getBoundingClientRect();
				  if (r.width > 0 && r.height > 0 && r.height < 47.5) {
				    problems.push('elder target ' + r.height.toFixed(1) + 'px: ' + e.tagName.toLowerCase()
				      + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || e.name || '').trim().slice(0, 30));
				  }
				});
				return problems.slice(0, 5);""");
	}

	/** Pages, not downloads, sign-out, language switches or pictures. */
	private static boolean followed(String path) {
		return !path.isEmpty() && !path.contains(".xlsx") && !path.contains(".pdf") && !path.contains(".png")
				&& !path.contains(".svg") && !path.contains("lang=") && !path.contains("/photos/")
				&& !path.contains("/attachments/") && !path.contains("/evidence/") && !path.startsWith("/logout")
				&& !path.startsWith("/webjars") && !path.startsWith("/css") && !path.startsWith("/js")
				&& !path.startsWith("/api/") && !path.startsWith("/open311");
	}

	/** A path with its ids replaced and its query dropped: one page of each shape is checked per role. */
	static String shape(String path) {
		return path.replaceAll("\\?.*$", "").replaceAll("/\\d+", "/{}");
	}
}
