package dev.quarry.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The help of a benchmark that takes positional arguments rather than picocli options: {@code
 * ./quarry bench-x --help} prints its usage line instead of reading "--help" as a path.
 */
public final class Usage {

  private static final List<String> HELP = List.of("-h", "--help");

  private Usage() {}

  /**
   * Prints {@code usage} to standard output when {@code args} ask for help, or are fewer than
   * {@code required}.
   *
   * @return whether the usage was printed, so that the caller returns without running
   */
  public static boolean printed(String[] args, int required, String usage) {
    boolean help = Arrays.stream(args).anyMatch(HELP::contains);
    if (help || args.length < required) {
      System.out.println("Usage: " + usage);
      return true;
    }
    return false;
  }
}
