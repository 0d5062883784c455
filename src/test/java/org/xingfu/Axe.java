package org.xingfu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core, Deque's accessibility engine (the script comes in the com.deque.html.axe-core:selenium jar), run in the
 * page a {@link Phone} shows, with the rules of WCAG 2.1 A and AA.
 */
public final class Axe {

	private static final String SCRIPT = load();

	private Axe() {
	}

	private static String load() {
		try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The serious and critical violations on the page shown: impact, rule, help and up to three elements (with the
	 * colours and ratio for a contrast failure).
	 */
	public static List<String> seriousViolations(Phone phone) {
		JavascriptExecutor js = (JavascriptExecutor) phone.browser;
		if (!Boolean.TRUE.equals(js.executeScript("return typeof axe !== 'undefined'"))) {
			js.executeScript(SCRIPT);
		}
		Object result = js.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const contrast = n => { const d = n.any.length && n.any[0].data;
				  return d && d.contrastRatio ? ' (' + d.fgColor + ' on ' + d.bgColor + ', ' + d.contrastRatio + ':1)' : ''; };
				axe.run(document, { resultTypes: ['violations'],
				    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
				  .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
				    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — '
				      + v.nodes.slice(0, 3).map(n => n.target.join(' ') + contrast(n)).join(' | '))))
				  .catch(e => done(['axe failed: ' + e]));""");
		return ((List<?>) result).stream().map(String::valueOf).toList();
	}
}
