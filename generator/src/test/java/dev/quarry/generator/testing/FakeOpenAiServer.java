package dev.quarry.generator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * A small OpenAI-compatible server on the loopback interface, for tests of the {@code openai}
 * backend: {@code POST /v1/chat/completions} answers with the scripted pieces, as one {@code
 * chat.completion} or, when the request says {@code "stream": true}, as SSE {@code
 * chat.completion.chunk}s (one per piece, then a usage chunk and {@code [DONE]}), the way OpenAI,
 * Ollama, vLLM and llama.cpp's server do. It records every request (headers that matter and the
 * JSON body), so a test can assert what reached it. It can also answer an HTTP error, or stall
 * before or in the middle of a reply until it is closed.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  /** What the server does with the next requests. */
  private sealed interface Behaviour permits Reply, Error, StallBeforeReply, StallMidStream {}

  private record Reply(List<String> pieces) implements Behaviour {}

  private record Error(int status, String message) implements Behaviour {}

  private record StallBeforeReply() implements Behaviour {}

  private record StallMidStream(String first) implements Behaviour {}

  /**
   * One request as received.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param body the JSON body
   */
  public record Received(String authorization, JsonNode body) {

    /** The {@code content} of the message with this role (the first one). */
    public String message(String role) {
      for (JsonNode m : body.path("messages")) {
        if (role.equals(m.path("role").asText())) {
          return m.path("content").asText();
        }
      }
      return null;
    }

    public boolean streamed() {
      return body.path("stream").asBoolean(false);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Behaviour behaviour = new Reply(List.of(""));

  private FakeOpenAiServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on a free loopback port. */
  public static FakeOpenAiServer start() {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newCachedThreadPool(
              BasicThreadFactory.builder()
                  .namingPattern("fake-openai-server-%d")
                  .daemon(true)
                  .build());
      FakeOpenAiServer fake = new FakeOpenAiServer(http, executor);
      http.createContext("/v1/chat/completions", fake::handle);
      http.setExecutor(executor);
      http.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A base URL where nothing listens: a port just taken from the system and given back. */
  public static String nothingListening() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL an OpenAI client takes: {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers every later request with these pieces (streamed one chunk each). */
  public FakeOpenAiServer replying(String... pieces) {
    behaviour = new Reply(List.of(pieces));
    return this;
  }

  /** Answers every later request with this HTTP status and an OpenAI error body. */
  public FakeOpenAiServer failing(int status, String message) {
    behaviour = new Error(status, message);
    return this;
  }

  /** Accepts every later request and sends nothing, not even headers, until closed. */
  public FakeOpenAiServer stallingBeforeReply() {
    behaviour = new StallBeforeReply();
    return this;
  }

  /** Streams {@code first} as one chunk, then sends nothing more until closed. */
  public FakeOpenAiServer stallingAfter(String first) {
    behaviour = new StallMidStream(first);
    return this;
  }

  /** Requests received so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), body));
      String model = body.path("model").asText();
      Behaviour now = behaviour;
      if (now instanceof Error error) {
        ObjectNode problem = JSON.createObjectNode();
        problem.putObject("error").put("message", error.message()).put("type", "invalid_request");
        send(exchange, error.status(), "application/json", problem.toString());
      } else if (now instanceof StallBeforeReply) {
        awaitClose();
      } else if (now instanceof StallMidStream stall) {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        event(out, chunk(model, stall.first(), null));
        awaitClose();
      } else if (now instanceof Reply reply) {
        if (body.path("stream").asBoolean(false)) {
          stream(exchange, model, reply.pieces(), body);
        } else {
          send(exchange, 200, "application/json", completion(model, reply.pieces()).toString());
        }
      }
    }
  }

  private void stream(HttpExchange exchange, String model, List<String> pieces, JsonNode body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    ObjectNode opening = chunk(model, "", null);
    ((ObjectNode) opening.path("choices").get(0).path("delta")).put("role", "assistant");
    event(out, opening);
    for (String piece : pieces) {
      event(out, chunk(model, piece, null));
    }
    ObjectNode last = chunk(model, null, "stop");
    event(out, last);
    if (body.path("stream_options").path("include_usage").asBoolean(false)) {
      ObjectNode usage = chunk(model, null, null);
      usage.putArray("choices");
      usage.set("usage", usage(pieces));
      event(out, usage);
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static ObjectNode completion(String model, List<String> pieces) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 0);
    c.put("model", model);
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", String.join("", pieces));
    c.set("usage", usage(pieces));
    return c;
  }

  private static ObjectNode chunk(String model, String content, String finish) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk").put("created", 0);
    c.put("model", model);
    ArrayNode choices = c.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (content != null) {
      delta.put("content", content);
    }
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return c;
  }

  /** Usage as the server counts it: 11 prompt tokens, one token per piece. */
  private static ObjectNode usage(List<String> pieces) {
    ObjectNode u = JSON.createObjectNode();
    u.put("prompt_tokens", 11).put("completion_tokens", pieces.size());
    u.put("total_tokens", 11 + pieces.size());
    return u;
  }

  private static void event(OutputStream out, JsonNode data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void awaitClose() {
    try {
      closing.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
