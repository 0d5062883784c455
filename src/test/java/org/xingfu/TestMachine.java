package org.xingfu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * What the suite needs of the machine beyond the JDK (issue 24, part 9): Debian's chromium and chromium-driver for
 * the browser tests, and fonts-wqy-microhei, a font with Chinese glyphs, for the PDFs. Once a run, before any test:
 * what is missing is installed with apt-get when the run may (as root, on Debian), so {@code ./mvnw verify} passes on
 * a fresh machine with no step of its own. Where it cannot, each browser test fails with one line that says what to
 * install ({@link #requireBrowser}), not with a driver's stack trace.
 */
public final class TestMachine implements LauncherSessionListener {

	/** Debian package, and the file whose presence shows it is installed. */
	private static final Map<String, Path> PACKAGES = new LinkedHashMap<>();
	static {
		PACKAGES.put("chromium", Path.of("/usr/bin/chromium"));
		PACKAGES.put("chromium-driver", Path.of("/usr/bin/chromedriver"));
		PACKAGES.put("fonts-wqy-microhei", Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"));
	}

	private static volatile String problem;
	private static volatile boolean checked;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		prepare();
	}

	/** Installs what is missing, once; remembers what could not be. */
	static synchronized void prepare() {
		if (checked) {
			return;
		}
		checked = true;
		List<String> missing = missing();
		if (missing.isEmpty()) {
			return;
		}
		if (mayInstall()) {
			System.out.println("[xingfu] installing Debian's " + String.join(", ", missing)
					+ " for the browser tests and the PDFs (once on this machine)");
			if (!aptGet(false, missing)) {
				aptGet(true, missing); // a fresh machine has no package lists yet
			}
			missing = missing();
		}
		if (!missing.isEmpty()) {
			problem = "The browser tests need Debian's " + String.join(", ", missing) + ": install them with "
					+ "`sudo apt-get install " + String.join(" ", missing) + "` and run the tests again";
			System.out.println("[xingfu] " + problem);
		}
	}

	/** Fails the calling test with one line when the browser could not be installed. */
	public static void requireBrowser() {
		prepare();
		if (problem != null && (!Files.isExecutable(PACKAGES.get("chromium"))
				|| !Files.isExecutable(PACKAGES.get("chromium-driver")))) {
			throw new MissingPrerequisite(problem);
		}
	}

	private static List<String> missing() {
		List<String> missing = new ArrayList<>();
		PACKAGES.forEach((name, file) -> {
			if (!Files.exists(file)) {
				missing.add(name);
			}
		});
		return missing;
	}

	private static boolean mayInstall() {
		return Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"));
	}

	private static boolean aptGet(boolean updateFirst, List<String> packages) {
		try {
			if (updateFirst && run(List.of("apt-get", "update", "-qq")) != 0) {
				return false;
			}
			List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
			command.addAll(packages);
			return run(command) == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static int run(List<String> command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "xingfu-apt-get.log").toFile());
		builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
		Process process = builder.start();
		if (!process.waitFor(15, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			return -1;
		}
		return process.exitValue();
	}

	/** One line, no stack trace: what to install is all there is to say. */
	static final class MissingPrerequisite extends AssertionError {
		MissingPrerequisite(String message) {
			super(message);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}
	}
}
