package dev.quarry.opensearch;

import java.nio.file.Path;

/** The command line of {@code ./quarry opensearch-dev}: a {@link DevCluster.Layout}. */
final class DevClusterCommand {

  static final String USAGE =
      """
      Usage: ./quarry opensearch-dev [--nodes N] [--http-port P] [--transport-port T]
                                     [--data-dir D] [--cluster-name NAME]
        --nodes N            nodes to start, 1-9 (default 2)
        --http-port P        node i serves HTTP on P + i (default 9200)
        --transport-port T   node i talks to the others on T + i (default 9300)
        --data-dir D         node i keeps its data in D/node-i (default data/opensearch)
        --cluster-name NAME  the cluster's name (default quarry-dev)""";

  private DevClusterCommand() {}

  /**
   * The layout the arguments ask for, or null for {@code --help}.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  static DevCluster.Layout parse(String... args) {
    int nodes = 2;
    int httpPort = 9200;
    int transportPort = 9300;
    Path dataDir = Path.of("data", "opensearch");
    String clusterName = "quarry-dev";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown argument, or " + arg + " without its value");
      }
      String value = args[++i];
      switch (arg) {
        case "--nodes" -> nodes = number(arg, value);
        case "--http-port" -> httpPort = number(arg, value);
        case "--transport-port" -> transportPort = number(arg, value);
        case "--data-dir" -> dataDir = Path.of(value);
        case "--cluster-name" -> clusterName = name(value);
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return new DevCluster.Layout(nodes, httpPort, transportPort, dataDir, clusterName);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, not '" + value + "'");
    }
  }

  private static String name(String value) {
    if (!value.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException(
          "--cluster-name takes lower-case letters, digits, '-' and '_', not '" + value + "'");
    }
    return value;
  }
}
