package org.xingfu.system;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.xingfu.shared.CliCommand;

/**
 * {@code java -jar xingfu.jar --xingfu.…}: the tasks run from the console instead of the server. Each starts the
 * application without its web server and without scheduled jobs, runs, and exits with its code:
 * <ul>
 * <li>{@code --xingfu.bootstrap.city=… --xingfu.bootstrap.admin=…}: the first city and its administrator;</li>
 * <li>{@code --xingfu.audit.verify}: walks the audit chain;</li>
 * <li>{@code --xingfu.backup}: a backup of the embedded database now;</li>
 * <li>{@code --xingfu.restore=FILE}: a backup into an empty data folder, before any database runs.</li>
 * </ul>
 */
public final class Commands {

	private static final List<String> PREFIXES = List.of("--xingfu.bootstrap.", "--xingfu.audit.verify",
			"--xingfu.backup", "--xingfu.restore", "--xingfu.personal-data.rotate-key");

	private Commands() {
	}

	/** Whether these arguments ask for a command rather than the server. */
	public static boolean requested(String[] args) {
		return Stream.of(args).anyMatch(a -> PREFIXES.stream().anyMatch(a::startsWith));
	}

	/** Runs the command the arguments ask for; returns the exit code. */
	public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
		if (ConsoleTasks.asks(args)) {
			return ConsoleTasks.run(args, out, err);
		}
		ConfigurableApplicationContext context;
		try {
			// a command changes what it is asked to and nothing else: no demo city, no jobs, whatever the
			// configuration files say (arguments come before them)
			String[] all = Stream.concat(Stream.of(args), Stream.of("--xingfu.demo.enabled=false",
					"--xingfu.scheduling.enabled=false", "--spring.modulith.events.republish-outstanding-events-on-restart=false"))
				.toArray(String[]::new);
			context = new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.run(all);
		}
		catch (RuntimeException ex) {
			err.println("xingfu: the application could not start for the command: " + rootMessage(ex));
			return 1;
		}
		try {
			List<CliCommand> asked = context.getBeansOfType(CliCommand.class).values().stream()
				.filter(c -> c.requested(context.getEnvironment())).toList();
			if (asked.size() != 1) {
				err.println("xingfu: ask for one command at a time");
				return 2;
			}
			return asked.getFirst().run(context.getEnvironment(), out, err);
		}
		finally {
			context.close();
		}
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}
}
