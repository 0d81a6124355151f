package dev.quarry.opensearch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The dev cluster's console: {@code stop N} and {@code start N} stop and start node N, so people
 * and tests can watch a replica take over and a node rejoin. Each command answers one line, {@code
 * node N stopped}, {@code node N started} or {@code opensearch-dev: …} with the reason.
 */
final class NodeCommands {

  private NodeCommands() {}

  /** Reads commands until the input ends (a cluster started without a console has none). */
  static void read(InputStream input, DevCluster cluster) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.trim().split("\\s+");
      if (words.length == 1 && words[0].isEmpty()) {
        continue;
      }
      try {
        if (words.length != 2 || !(words[0].equals("stop") || words[0].equals("start"))) {
          throw new IllegalArgumentException("type 'stop N' or 'start N', not '" + line + "'");
        }
        int node = Integer.parseInt(words[1]);
        if (words[0].equals("stop")) {
          cluster.stopNode(node);
          System.out.println("node " + node + " stopped");
        } else {
          cluster.startNode(node);
          System.out.println("node " + node + " started");
        }
      } catch (NumberFormatException e) {
        System.out.println("opensearch-dev: a node is a number, not '" + words[1] + "'");
      } catch (Exception e) {
        System.out.println("opensearch-dev: " + e.getMessage());
      }
      System.out.flush();
    }
  }
}
