package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.opensearch.ClusterProcess;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.SearchRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSearch as Quarry relies on it when a node is lost: a real 3-node cluster, a knowledge base
 * index of 2 shards; Quarry's client knows every node. With a replica, search and upload load goes
 * on through the loss of a node holding a primary; without one, the cluster turns red, Quarry
 * answers "unavailable" (the server's 503), and everything is back when the node returns.
 */
class OpenSearchFailoverTest {

  @TempDir static Path tmp;
  private static ClusterProcess cluster;
  private static List<URI> hosts;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startCluster() throws Exception {
    Assumptions.assumeTrue(
        ClusterProcess.availableBeside(),
        "opensearch-dev is not built: the fail-over tests are skipped");
    cluster = ClusterProcess.startBeside(tmp, 3, "quarry-failover");
    int http = URI.create(cluster.url).getPort();
    hosts =
        IntStream.range(0, 3).mapToObj(i -> URI.create("http://127.0.0.1:" + (http + i))).toList();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Nodes a test stopped: started again after it, pass or fail, so the next finds 3 nodes. */
  private final List<Integer> restartedLater = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void restartStoppedNodes() throws Exception {
    for (int node : restartedLater) {
      assertThat(cluster.command("start " + node)).isEqualTo("node " + node + " started");
    }
    restartedLater.clear();
    awaitHealth("green");
  }

  private static OpenSearchIndexes indexes(int replicas) {
    return new OpenSearchIndexes(
        OpenSearchSettings.local(hosts.get(0)).withHosts(hosts).withLayout(2, replicas),
        IndexSettings.defaults(),
        SharedEmbedder.get());
  }

  @Test
  void should_lose_no_search_and_no_acknowledged_upload_when_a_node_with_a_primary_stops()
      throws Exception {
    try (OpenSearchIndexes indexes = indexes(1)) {
      // given: 20 documents, every shard with a replica on another node
      OpenSearchChunkIndex index = indexes.openOrCreate("failover");
      for (int i = 0; i < 20; i++) {
        index.replace("doc-" + i, 1, List.of(Chunk.ofText(0, "Doc", "Reactor note number " + i)));
      }
      awaitHealth("green");
      HybridRetriever retriever = new HybridRetriever(index);

      // when: searches and uploads run while the node holding shard 0's primary stops
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger searches = new AtomicInteger();
      List<Throwable> searchFailures = new ArrayList<>();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Thread searching =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    retriever.search(SearchRequest.of("reactor note", 5));
                    searches.incrementAndGet();
                  } catch (RetrieverException e) {
                    synchronized (searchFailures) {
                      searchFailures.add(e);
                    }
                  }
                }
              });
      Thread uploading =
          new Thread(
              () -> {
                for (int i = 100; running.get(); i++) {
                  try {
                    index.replace(
                        "new-" + i, 1, List.of(Chunk.ofText(0, "New", "Upload number " + i)));
                    acknowledged.add("new-" + i);
                  } catch (RetrieverException e) {
                    // not acknowledged: the job would retry it
                  }
                }
              });
      searching.start();
      uploading.start();
      Thread.sleep(2000);
      int victim = nodeWithPrimary("quarry-failover");
      assertThat(cluster.command("stop " + victim)).isEqualTo("node " + victim + " stopped");
      int failuresAtTakeOver;
      int searchesAtTakeOver;
      try {
        awaitHealth("yellow", 2); // 2 nodes, every primary active: a replica took over
        synchronized (searchFailures) {
          failuresAtTakeOver = searchFailures.size();
        }
        searchesAtTakeOver = searches.get();
        Thread.sleep(4000);
      } finally {
        running.set(false);
        searching.join();
        uploading.join();
        restartedLater.add(victim);
      }

      // then: no search failed once the replica took over, and searches went on
      synchronized (searchFailures) {
        assertThat(searchFailures.subList(failuresAtTakeOver, searchFailures.size())).isEmpty();
      }
      assertThat(searches.get()).isGreaterThan(searchesAtTakeOver);
      // and every acknowledged upload, and every document from before, is there
      assertThat(acknowledged).isNotEmpty();
      for (String id : acknowledged) {
        assertThat(index.document(id)).as(id).isPresent();
      }
      assertThat(index.documentIds()).containsAll(acknowledged);
      assertThat(index.documentIds()).contains("doc-0", "doc-19");
    }
  }

  @Test
  void should_answer_unavailable_while_red_and_recover_when_the_node_returns() throws Exception {
    try (OpenSearchIndexes indexes = indexes(0)) {
      // given: no replicas
      OpenSearchChunkIndex index = indexes.openOrCreate("no-replica");
      for (int i = 0; i < 10; i++) {
        index.replace("doc-" + i, 1, List.of(Chunk.ofText(0, "Doc", "Helium note " + i)));
      }
      awaitHealth("green");
      HybridRetriever retriever = new HybridRetriever(index);

      // when: the node holding a primary stops
      int victim = nodeWithPrimary("quarry-failover", "no-replica");
      assertThat(cluster.command("stop " + victim)).isEqualTo("node " + victim + " stopped");
      restartedLater.add(victim);
      awaitHealth("red", 2);

      // then: searches fail as unavailable (the server's 503 with Retry-After), and readiness
      // says why
      assertThatThrownBy(() -> retriever.search(SearchRequest.of("helium note", 5)))
          .isInstanceOf(IndexUnavailableException.class)
          .matches(e -> ((RetrieverException) e).retryable(), "retryable");
      assertThat(eventually(indexes::problem, p -> p.isPresent() && p.get().contains(" is red")))
          .get()
          .asString()
          .contains("is red");

      // when: the node returns
      restartStoppedNodes();

      // then: everything is back
      assertThat(indexes.problem()).isEmpty();
      assertThat(retriever.search(SearchRequest.of("helium note", 10)).passages()).hasSize(10);
      assertThat(index.chunkCount()).isEqualTo(10);
    } finally {
      // an index without replicas would turn the cluster red in the other spec when its node stops
      try (OpenSearchIndexes indexes = indexes(0)) {
        indexes.delete("no-replica");
      }
    }
  }

  /**
   * The first answer that passes {@code done}, asking for up to 30 s: a cluster that has just lost
   * its elected cluster manager answers "not discovered" for a few seconds before it says red.
   */
  private static <T> T eventually(
      java.util.function.Supplier<T> ask, java.util.function.Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T answer = ask.get();
    while (!done.test(answer) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      answer = ask.get();
    }
    return answer;
  }

  /** A node that holds the primary of shard 0 of the knowledge base's index. */
  private static int nodeWithPrimary(String clusterName, String kb) throws Exception {
    String shards = get("/_cat/shards/quarry-" + kb + "?h=shard,prirep,node");
    for (String line : shards.lines().toList()) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length == 3 && cols[0].equals("0") && cols[1].equals("p")) {
        return Integer.parseInt(cols[2].substring((clusterName + "-").length()));
      }
    }
    throw new AssertionError("no primary of shard 0:\n" + shards);
  }

  private static int nodeWithPrimary(String clusterName) throws Exception {
    return nodeWithPrimary(clusterName, "failover");
  }

  private static void awaitHealth(String status) throws Exception {
    awaitHealth(status, 3);
  }

  /** Waits for the health status with that many nodes, asking a node that is up. */
  private static void awaitHealth(String status, int nodes) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = get("/_cluster/health?wait_for_status=" + status + "&timeout=5s");
        if (last.contains("\"status\":\"" + status + "\"")
            && last.contains("\"number_of_nodes\":" + nodes + ",")) {
          return;
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the cluster did not turn " + status + ": " + last);
  }

  /** GET from the first node that answers. */
  private static String get(String path) throws Exception {
    java.io.IOException failure = null;
    for (URI host : hosts) {
      try {
        return HTTP.send(
                HttpRequest.newBuilder(host.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
      } catch (java.io.IOException e) {
        failure = e;
      }
    }
    throw failure;
  }
}
