package dev.quarry.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quarry bench-load}: a bounded load test of a running server. Askers loop over a
 * dataset's queries (one search, then one question each), uploaders add small new documents; at the
 * end every upload must become READY. Prints latency percentiles, status counts and the server's
 * resident memory (from {@code /proc/<pid>/status} when {@code --pid} is given).
 */
@Command(
    name = "bench-load",
    mixinStandardHelpOptions = true,
    description = "Load-test a running server: concurrent askers and uploaders for a fixed time.")
public final class LoadTest implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server URL.")
  String url;

  @Option(names = "--key", required = true, description = "A key with writer rights.")
  String key;

  @Option(names = "--kb", required = true, description = "Knowledge base id.")
  String kb;

  @Option(names = "--queries", required = true, description = "BEIR queries.jsonl.")
  Path queries;

  @Option(names = "--askers", defaultValue = "8", description = "Concurrent askers.")
  int askers;

  @Option(names = "--uploaders", defaultValue = "2", description = "Concurrent uploaders.")
  int uploaders;

  @Option(names = "--seconds", defaultValue = "120", description = "How long the load lasts.")
  int seconds;

  @Option(names = "--pid", description = "Server process id, for its resident memory.")
  Long pid;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Long> searchNanos = new CopyOnWriteArrayList<>();
  private final List<Long> askNanos = new CopyOnWriteArrayList<>();
  private final List<Long> uploadNanos = new CopyOnWriteArrayList<>();
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger clientErrors = new AtomicInteger();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger transportErrors = new AtomicInteger();
  private final Set<String> uploaded = ConcurrentHashMap.newKeySet();
  private long peakRssKb;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadTest()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(queries)) {
      if (!line.isBlank()) {
        texts.add(json.readTree(line).path("text").asText());
      }
    }
    Collections.shuffle(texts, new java.util.Random(42));
    long restRss = rssKb();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(askers + uploaders + 1);
    AtomicInteger next = new AtomicInteger();
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < askers; i++) {
      futures.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  String q = texts.get(Math.floorMod(next.getAndIncrement(), texts.size()));
                  call("/search", "{\"query\":" + quote(q) + ",\"k\":10}", searchNanos);
                  call("/ask", "{\"question\":" + quote(q) + ",\"k\":5}", askNanos);
                }
                return null;
              }));
    }
    for (int i = 0; i < uploaders; i++) {
      int uploader = i;
      futures.add(
          pool.submit(
              () -> {
                int n = 0;
                while (System.nanoTime() < end) {
                  upload(uploader, n++);
                  Thread.sleep(1000);
                }
                return null;
              }));
    }
    futures.add(
        pool.submit(
            () -> {
              while (System.nanoTime() < end) {
                peakRssKb = Math.max(peakRssKb, rssKb());
                Thread.sleep(1000);
              }
              return null;
            }));
    for (var f : futures) {
      f.get();
    }
    pool.shutdown();
    long settleStart = System.nanoTime();
    int ready = 0;
    int failed = 0;
    for (String id : uploaded) {
      while (true) {
        JsonNode d = get("/documents/" + id);
        String status = d.path("status").asText();
        if ("READY".equals(status)) {
          ready++;
          break;
        }
        if ("FAILED".equals(status)) {
          failed++;
          break;
        }
        Thread.sleep(250);
      }
    }
    double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "load: %d askers + %d uploaders for %d s against %s%n",
        askers,
        uploaders,
        seconds,
        url);
    System.out.printf(
        Locale.ROOT,
        "requests: %d ok, %d 4xx, %d 5xx, %d transport errors%n",
        ok.get(),
        clientErrors.get(),
        serverErrors.get(),
        transportErrors.get());
    print("search", searchNanos);
    print("ask", askNanos);
    print("upload", uploadNanos);
    System.out.printf(
        Locale.ROOT,
        "uploads: %d sent, %d READY, %d FAILED (all settled %.1f s after the load)%n",
        uploaded.size(),
        ready,
        failed,
        settleSeconds);
    if (pid != null) {
      System.out.printf(
          Locale.ROOT,
          "server RSS: %d MiB at rest, %d MiB peak under load%n",
          restRss / 1024,
          peakRssKb / 1024);
    }
    return serverErrors.get() == 0 && failed == 0 && transportErrors.get() == 0 ? 0 : 1;
  }

  private void call(String path, String body, List<Long> latencies) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/kbs/" + kb + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(2))
            .POST(BodyPublishers.ofString(body))
            .build();
    send(request, latencies);
  }

  private void upload(int uploader, int n) throws IOException {
    String name = "load-" + uploader + "-" + n + "-" + UUID.randomUUID() + ".txt";
    String text =
        "Load test document "
            + name
            + ". It records that sample "
            + n
            + " of uploader "
            + uploader
            + " was measured at "
            + System.nanoTime()
            + " nanoseconds.\n";
    HttpEntity body =
        MultipartEntityBuilder.create()
            .setMode(HttpMultipartMode.LEGACY)
            .setCharset(StandardCharsets.UTF_8)
            .addBinaryBody(
                "file",
                text.getBytes(StandardCharsets.UTF_8),
                ContentType.APPLICATION_OCTET_STREAM,
                name)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    body.writeTo(bytes);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/kbs/" + kb + "/documents"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", body.getContentType())
            .timeout(Duration.ofMinutes(2))
            .POST(BodyPublishers.ofByteArray(bytes.toByteArray()))
            .build();
    String response = send(request, uploadNanos);
    if (response != null) {
      for (JsonNode d : json.readTree(response)) {
        uploaded.add(d.path("id").asText());
      }
    }
  }

  private String send(HttpRequest request, List<Long> latencies) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - t0;
      if (r.statusCode() >= 500) {
        serverErrors.incrementAndGet();
        System.err.println("5xx: " + r.statusCode() + " " + r.body());
        return null;
      }
      if (r.statusCode() >= 400) {
        clientErrors.incrementAndGet();
        System.err.println("4xx: " + r.statusCode() + " " + r.body());
        return null;
      }
      ok.incrementAndGet();
      latencies.add(nanos);
      return r.body();
    } catch (IOException e) {
      transportErrors.incrementAndGet();
      System.err.println("transport: " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/api/kbs/" + kb + path))
            .header("Authorization", "Bearer " + key)
            .build();
    return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private long rssKb() {
    if (pid == null) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // not Linux, or the process is gone
    }
    return 0;
  }

  private static void print(String what, List<Long> nanos) {
    if (nanos.isEmpty()) {
      System.out.printf("%-7s no successful requests%n", what);
      return;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-7s n=%d  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n",
        what,
        sorted.size(),
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6);
  }

  private static double percentile(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private String quote(String s) {
    try {
      return json.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
