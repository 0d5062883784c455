package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

/**
 * Reads the log of the whole test run (target/xingfu-test.log, written at INFO by every test before this one: the
 * pom runs this class in a second surefire execution after the suite) and fails on personal data or credentials in
 * it: a full mobile number or ID number, a bearer token, a session id, the demo password. The suite files
 * thousands of requests, wishes and households with phone numbers and ID numbers, and the fuzzing drives every
 * error path, so a log line that echoes a request would be found here.
 */
class LogScanTests {

	static final Map<String, Pattern> FORBIDDEN = Map.of(
			"mobile number", Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
			"ID number", Pattern.compile("(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])"),
			"bearer token", Pattern.compile("(?i)bearer\\s+[A-Za-z0-9_-]{20,}"),
			"opaque token", Pattern.compile("(?<![A-Za-z0-9_./-])(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_./-])"),
			"session id", Pattern.compile("(?i)\\b(JSESSIONID|SESSION)=[0-9A-Za-z+/_-]{16,}"),
			"password", Pattern.compile("Xingfu@2026|(?i)password=[^&\\s]+"));

	@Test
	void theLogOfTheWholeRunHoldsNoPersonalDataAndNoCredentials() throws IOException {
		Path dir = Path.of("target");
		List<Path> logs;
		try (Stream<Path> files = Files.list(dir)) {
			logs = files.filter(p -> p.getFileName().toString().startsWith("xingfu-test.log")).sorted().toList();
		}
		assertThat(logs).as("the suite's log in target/ (run the whole suite first)").isNotEmpty();
		long lines = 0;
		List<String> found = new ArrayList<>();
		for (Path log : logs) {
			for (String line : read(log).split("\n")) {
				lines++;
				for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
					Matcher m = rule.getValue().matcher(line);
					if (m.find() && found.size() < 20) {
						// the finding is named with its place, not copied into the report in full
						found.add(rule.getKey() + " in " + log.getFileName() + ": "
								+ line.substring(0, Math.min(line.length(), 160)).replace(m.group(), "«…»"));
					}
				}
			}
		}
		System.out.printf("Log scan: %d lines in %d file(s), %d findings%n", lines, logs.size(), found.size());
		// a real log of the application starting and serving (even a single test class writes more than this)
		assertThat(lines).as("lines logged by the suite").isGreaterThan(50);
		assertThat(found).as("personal data or credentials in the log").isEmpty();
	}

	@Test
	void eachRuleFindsWhatItLooksFor() {
		byte[] bytes = new byte[32];
		new java.security.SecureRandom().nextBytes(bytes);
		String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Map<String, String> samples = Map.of("mobile number", "phone 13812345678 of", "ID number",
				"id 22038219600101123X.", "bearer token", "Authorization: Bearer " + token, "opaque token",
				"token " + "aB3" + token.substring(3) + " issued", "session id", "Cookie: SESSION=ZjA3NDk5YjQtOGQ3Mi00",
				"password", "form password=secret&x");
		samples.forEach((rule, sample) -> assertThat(FORBIDDEN.get(rule).matcher(sample).find()).as(rule).isTrue());
		assertThat(FORBIDDEN.values().stream().anyMatch(p -> p.matcher(
				"2026-11-29T14:11:46.853Z  INFO 25485 --- [xingfu] [main] org.xingfu.demo.DemoLoader : Loaded in 2839 ms, request 1234567")
			.find())).as("an ordinary line").isFalse();
	}

	private static String read(Path log) throws IOException {
		try (InputStream in = log.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(log))
				: Files.newInputStream(log)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
