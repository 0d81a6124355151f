package dev.quarry.opensearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits, over HTTP as a client would, until a cluster has its nodes and a usable state. */
final class ClusterHealth {

  private ClusterHealth() {}

  /**
   * Returns once {@code url} reports at least {@code nodes} nodes and a yellow or green state.
   *
   * @throws IllegalStateException when that does not happen within two minutes
   */
  static void awaitNodes(String url, int nodes) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest health =
        HttpRequest.newBuilder(
                URI.create(
                    url
                        + "/_cluster/health?wait_for_nodes=%3E%3D"
                        + nodes
                        + "&wait_for_status=yellow&timeout=10s"))
            .timeout(Duration.ofSeconds(20))
            .build();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException(
        "The cluster at " + url + " did not reach " + nodes + " nodes in 2 minutes: " + last);
  }
}
