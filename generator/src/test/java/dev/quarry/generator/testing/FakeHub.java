package dev.quarry.generator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * A local HTTP server with the Hugging Face hub's URL layout ({@code /api/models/{repo}/tree/
 * {rev}} and {@code /{repo}/resolve/{rev}/{path}}), serving the tiny model as an onnx-community
 * style repository: JSON files at the root, graphs under {@code onnx/}. Honours Range requests.
 */
public final class FakeHub implements AutoCloseable {

  public static final String REPO = "quarry-test/tiny-llama";

  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, String> advertisedSha = new LinkedHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeHub() {
    try {
      Path model = TinyModels.path("tiny-llama");
      for (String name :
          List.of(
              "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json")) {
        files.put(name, Files.readAllBytes(model.resolve(name)));
      }
      byte[] graph = Files.readAllBytes(model.resolve("model.onnx"));
      files.put("onnx/model.onnx", graph);
      files.put("onnx/model_q4.onnx", "another variant".getBytes(StandardCharsets.UTF_8));
      files.put("README.md", "# tiny".getBytes(StandardCharsets.UTF_8));
      advertisedSha.put("onnx/model.onnx", sha256(graph));
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      pool =
          Executors.newFixedThreadPool(
              2, BasicThreadFactory.builder().namingPattern("fake-hub-http-%d").build());
      server.setExecutor(pool);
      server.createContext("/", this::handle);
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTP client whose threads are named (daemon, so tests need not shut it down). */
  public static java.net.http.HttpClient client() {
    return java.net.http.HttpClient.newBuilder()
        .executor(
            Executors.newCachedThreadPool(
                BasicThreadFactory.builder()
                    .namingPattern("fake-hub-client-%d")
                    .daemon(true)
                    .build()))
        .build();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public byte[] file(String path) {
    return files.get(path);
  }

  /** Makes the tree API advertise a wrong sha256 for {@code path}. */
  public void advertiseWrongSha(String path) {
    advertisedSha.put(path, "0".repeat(64));
  }

  /** "GET path [range]" of every download request so far. */
  public List<String> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String tree = "/api/models/" + REPO + "/tree/main";
    String resolve = "/" + REPO + "/resolve/main/";
    if (path.equals(tree)) {
      send(exchange, 200, treeJson().getBytes(StandardCharsets.UTF_8), null);
    } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
      String file = path.substring(resolve.length());
      String range = exchange.getRequestHeaders().getFirst("Range");
      requests.add("GET " + file + (range == null ? "" : " " + range));
      byte[] body = files.get(file);
      if (range != null) {
        int from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
        byte[] tail = java.util.Arrays.copyOfRange(body, from, body.length);
        send(exchange, 206, tail, "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
      } else {
        send(exchange, 200, body, null);
      }
    } else {
      send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8), null);
    }
  }

  private String treeJson() {
    StringBuilder json = new StringBuilder("[{\"type\":\"directory\",\"path\":\"onnx\"}");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      json.append(",{\"type\":\"file\",\"path\":\"").append(f.getKey()).append("\",\"size\":");
      json.append(f.getValue().length);
      String sha = advertisedSha.get(f.getKey());
      if (sha != null) {
        json.append(",\"lfs\":{\"oid\":\"").append(sha).append("\",\"size\":");
        json.append(f.getValue().length).append(",\"pointerSize\":134}");
      }
      json.append('}');
    }
    return json.append(']').toString();
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String contentRange)
      throws IOException {
    if (contentRange != null) {
      exchange.getResponseHeaders().add("Content-Range", contentRange);
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
