package dev.quarry.retriever.cli;

import dev.quarry.retriever.RetrieverException;
import picocli.CommandLine;

/** Runs a picocli command the way every {@code ./quarry} command behaves. */
public final class Cli {

  private Cli() {}

  /**
   * Executes {@code command} and exits the JVM with its exit code. A {@link RetrieverException} or
   * {@link IllegalArgumentException} is a user error: its message is printed on one line and the
   * exit code is 2; anything else is a bug and keeps its stack trace.
   */
  public static void exec(Object command, String[] args) {
    CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof RetrieverException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("quarry " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          throw e;
        });
    System.exit(cli.execute(args));
  }
}
