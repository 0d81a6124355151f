package dev.quarry.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * A small client of Quarry's REST API for the command line ({@code ask}, {@code ingest --url},
 * {@code sync}), on Apache HttpClient 5: files are streamed from disk into its multipart bodies;
 * answers are read as server-sent events by {@link SseReader} (the JAX-RS {@code SseEventSource}
 * only opens a stream with GET, and an answer streams from a POST).
 */
final class QuarryClient {

  /** A refused call, with the server's problem detail. */
  static final class ClientException extends RuntimeException {
    private final int status;

    ClientException(String message) {
      this(message, 0);
    }

    ClientException(String message, int status) {
      super(message);
      this.status = status;
    }

    /** The HTTP status the server refused with; 0 when the request did not get that far. */
    int status() {
      return status;
    }
  }

  private final URI base;
  private final String key;
  private final CloseableHttpClient http =
      HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  .setDefaultConnectionConfig(
                      ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build())
                  .build())
          .setDefaultRequestConfig(
              RequestConfig.custom().setResponseTimeout(Timeout.ofMinutes(5)).build())
          .build();
  private final ObjectMapper json = new ObjectMapper();

  QuarryClient(URI base, String key) {
    this.base = base;
    this.key = key;
  }

  /** The id of the knowledge base with this id or name; created when {@code create} is set. */
  String resolveKb(String idOrName, boolean create) {
    JsonNode kbs = get("/api/kbs");
    for (JsonNode kb : kbs) {
      if (kb.path("id").asText().equals(idOrName) || kb.path("name").asText().equals(idOrName)) {
        return kb.path("id").asText();
      }
    }
    if (!create) {
      List<String> names = new ArrayList<>();
      kbs.forEach(kb -> names.add(kb.path("name").asText()));
      throw new ClientException(
          "No knowledge base '"
              + idOrName
              + "' on "
              + base
              + (names.isEmpty() ? "." : ". Known: " + String.join(", ", names) + "."));
    }
    return send(ClassicRequestBuilder.post(uri("/api/kbs"))
            .setEntity(jsonBody(json.createObjectNode().put("name", idOrName))))
        .path("id")
        .asText();
  }

  JsonNode get(String path) {
    return send(ClassicRequestBuilder.get(uri(path)));
  }

  /** Uploads files as one multipart request; returns one entry per file. */
  JsonNode upload(String kbId, List<Path> files, List<String> names) throws IOException {
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new java.io.FileNotFoundException(file + " cannot be read");
      }
    }
    MultipartEntityBuilder body = multipart();
    for (int i = 0; i < files.size(); i++) {
      body.addBinaryBody(
          "file",
          files.get(i).toFile(),
          ContentType.APPLICATION_OCTET_STREAM,
          partName(names.get(i)));
    }
    return send(
        ClassicRequestBuilder.post(uri("/api/kbs/" + kbId + "/documents")).setEntity(body.build()));
  }

  /** Uploads a new version of document {@code id} (it keeps its name). */
  JsonNode replace(String kbId, String id, Path file, String name) {
    if (!Files.isReadable(file)) {
      throw new ClientException("Cannot read " + file + ": it is gone");
    }
    HttpEntity body =
        multipart()
            .addBinaryBody(
                "file", file.toFile(), ContentType.APPLICATION_OCTET_STREAM, partName(name))
            .build();
    return send(
        ClassicRequestBuilder.put(uri("/api/kbs/" + kbId + "/documents/" + encode(id)))
            .setEntity(body));
  }

  /** A multipart body as browsers send it: file names in UTF-8, as the server reads them. */
  private static MultipartEntityBuilder multipart() {
    return MultipartEntityBuilder.create()
        .setMode(HttpMultipartMode.LEGACY)
        .setCharset(StandardCharsets.UTF_8);
  }

  /** Quotes and line breaks in a name cannot break the part's header. */
  static String partName(String fileName) {
    return fileName.replace("\"", "%22").replace("\r", "").replace("\n", "");
  }

  /** Renames document {@code id}. */
  JsonNode rename(String kbId, String id, String name) {
    return send(
        ClassicRequestBuilder.patch(uri("/api/kbs/" + kbId + "/documents/" + encode(id)))
            .setEntity(jsonBody(json.createObjectNode().put("name", name))));
  }

  /** Deletes document {@code id}. */
  void delete(String kbId, String id) {
    send(ClassicRequestBuilder.delete(uri("/api/kbs/" + kbId + "/documents/" + encode(id))));
  }

  /** Every document of the knowledge base, page by page. */
  List<JsonNode> documents(String kbId) {
    return documents(kbId, null);
  }

  /** Every document of the knowledge base with {@code status} (all when null), page by page. */
  List<JsonNode> documents(String kbId, String status) {
    String filter = status == null ? "" : "status=" + status + "&";
    List<JsonNode> all = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode p = get("/api/kbs/" + kbId + "/documents?" + filter + "size=500&page=" + page);
      p.path("items").forEach(all::add);
      if (p.path("items").size() < 500) {
        return all;
      }
    }
  }

  /** A request for the knowledge base's event stream, to read with {@link #readEvents}. */
  HttpGet eventsRequest(String kbId) {
    HttpGet request = new HttpGet(uri("/api/kbs/" + kbId + "/events"));
    request.addHeader("Authorization", "Bearer " + key);
    request.addHeader("Accept", "text/event-stream");
    return request;
  }

  /**
   * Reads an event stream until it ends, on the calling thread: {@code onComment} gets each comment
   * (the server's first, {@code connected}, says the stream is subscribed), {@code onEvent} each
   * event. Another thread ends the reading early with the request's {@code cancel()}.
   *
   * @throws ClientException when the server refuses the stream (401, 404) or cannot be reached
   * @throws IOException when the stream breaks or is cancelled
   */
  void readEvents(HttpGet request, Consumer<SseReader.Event> onEvent, Consumer<String> onComment)
      throws IOException {
    stream(request, HttpClientContext.create(), onEvent, onComment);
  }

  /** Asks a question and streams the answer: {@code onEvent} gets each event's name and data. */
  void ask(
      String kbId,
      String question,
      Integer k,
      Double minEvidence,
      BiConsumer<String, JsonNode> onEvent)
      throws IOException, InterruptedException {
    var body = json.createObjectNode().put("question", question);
    if (k != null) {
      body.put("k", k);
    }
    if (minEvidence != null) {
      body.put("minEvidence", minEvidence);
    }
    ClassicHttpRequest request =
        authorised(ClassicRequestBuilder.post(uri("/api/kbs/" + kbId + "/ask")))
            .addHeader("Accept", "text/event-stream")
            .setEntity(jsonBody(body))
            .build();
    HttpClientContext answering = HttpClientContext.create();
    answering.setRequestConfig(
        RequestConfig.custom().setResponseTimeout(Timeout.ofMinutes(10)).build());
    stream(request, answering, e -> onEvent.accept(e.type(), parse(e.data())), comment -> {});
  }

  /**
   * Runs a request whose answer is an event stream and reads it to its end on the calling thread.
   *
   * @throws ClientException when the server refuses (a status of 400 or more) or cannot be reached
   */
  private void stream(
      ClassicHttpRequest request,
      HttpClientContext context,
      Consumer<SseReader.Event> onEvent,
      Consumer<String> onComment)
      throws IOException {
    try {
      http.execute(
          request,
          context,
          response -> {
            if (response.getCode() >= 400) {
              throw refused(response.getCode(), EntityUtils.toString(response.getEntity()));
            }
            try (InputStreamReader in =
                new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8)) {
              SseReader.read(in, onEvent, onComment);
            }
            return null;
          });
    } catch (ConnectException e) {
      throw unreachable();
    }
  }

  /** An event's data as JSON. */
  JsonNode parse(String data) {
    try {
      return json.readTree(data);
    } catch (IOException e) {
      throw new ClientException("The server sent an event that is not JSON: " + data);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private URI uri(String path) {
    return base.resolve(path);
  }

  private ClassicRequestBuilder authorised(ClassicRequestBuilder builder) {
    return builder.addHeader("Authorization", "Bearer " + key);
  }

  private static StringEntity jsonBody(JsonNode body) {
    return new StringEntity(body.toString(), ContentType.APPLICATION_JSON);
  }

  private JsonNode send(ClassicRequestBuilder builder) {
    try {
      String body =
          http.execute(
              authorised(builder).build(),
              response -> {
                String text =
                    response.getEntity() == null
                        ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                if (response.getCode() >= 400) {
                  throw refused(response.getCode(), text);
                }
                return text;
              });
      return body.isEmpty() ? json.nullNode() : json.readTree(body);
    } catch (ConnectException e) {
      throw unreachable();
    } catch (IOException e) {
      throw new ClientException("Talking to " + base + " failed: " + e.getMessage());
    }
  }

  private ClientException unreachable() {
    return new ClientException(
        "No Quarry server answers at " + base + ". Start one with ./quarry serve, or pass --url.");
  }

  private ClientException refused(int status, String body) {
    String detail = body;
    try {
      detail = json.readTree(body).path("detail").asText(body);
    } catch (IOException e) {
      // not a problem document: show the body as it is
    }
    return new ClientException("The server answered " + status + ": " + detail, status);
  }

  /** Reads the key: --key, else QUARRY_API_KEY, else QUARRY_ADMIN_KEY, else data/admin-key. */
  static String key(String option, Path dataDir) {
    for (String candidate :
        new String[] {option, System.getenv("QUARRY_API_KEY"), System.getenv("QUARRY_ADMIN_KEY")}) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.strip();
      }
    }
    Path file = dataDir.resolve("admin-key");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
    } catch (IOException e) {
      throw new ClientException("Cannot read " + file + ": " + e.getMessage());
    }
    throw new ClientException(
        "No API key: pass --key, set QUARRY_API_KEY, or run from the folder whose data/admin-key"
            + " the server wrote.");
  }
}
