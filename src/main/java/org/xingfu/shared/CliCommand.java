package org.xingfu.shared;

import java.io.PrintStream;

import org.springframework.core.env.Environment;

/**
 * A one-off task run from the command line instead of the server ({@code java -jar xingfu.jar --xingfu.…}): the
 * application starts without its web server and scheduled jobs, runs the one command asked for, and exits with its
 * code. Modules offer theirs as beans; {@code org.xingfu.system.Commands} picks the one the arguments ask for.
 */
public interface CliCommand {

	/** Whether these arguments ask for this command. */
	boolean requested(Environment environment);

	/**
	 * Runs it. What a person at the console should read goes to {@code out}; a refusal is one line on {@code err}.
	 *
	 * @return the process's exit code: 0 when done
	 */
	int run(Environment environment, PrintStream out, PrintStream err);
}
