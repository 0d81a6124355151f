package dev.quarry.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A small client of Quarry's REST API for the command line ({@code ask}, {@code ingest --url}).
 * Files are streamed from disk into multipart bodies; answers are read as server-sent events.
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
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
    return send(request("/api/kbs")
            .header("Content-Type", "application/json")
            .POST(
                BodyPublishers.ofString(json.createObjectNode().put("name", idOrName).toString())))
        .path("id")
        .asText();
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  /** Uploads files as one multipart request; returns one entry per file. */
  JsonNode upload(String kbId, List<Path> files, List<String> names) throws IOException {
    MultipartBody body = new MultipartBody();
    for (int i = 0; i < files.size(); i++) {
      body.file(names.get(i), BodyPublishers.ofFile(files.get(i)));
    }
    return send(
        request("/api/kbs/" + kbId + "/documents")
            .header("Content-Type", body.contentType())
            .POST(body.publisher()));
  }

  /** Uploads a new version of document {@code id} (it keeps its name). */
  JsonNode replace(String kbId, String id, Path file, String name) {
    MultipartBody body = new MultipartBody();
    try {
      body.file(name, BodyPublishers.ofFile(file));
    } catch (java.io.FileNotFoundException e) {
      throw new ClientException("Cannot read " + file + ": it is gone");
    }
    return send(
        request("/api/kbs/" + kbId + "/documents/" + encode(id))
            .header("Content-Type", body.contentType())
            .PUT(body.publisher()));
  }

  /** Renames document {@code id}. */
  JsonNode rename(String kbId, String id, String name) {
    return send(
        request("/api/kbs/" + kbId + "/documents/" + encode(id))
            .header("Content-Type", "application/json")
            .method(
                "PATCH",
                BodyPublishers.ofString(json.createObjectNode().put("name", name).toString())));
  }

  /** Deletes document {@code id}. */
  void delete(String kbId, String id) {
    send(request("/api/kbs/" + kbId + "/documents/" + encode(id)).DELETE());
  }

  /** Every document of the knowledge base, page by page. */
  List<JsonNode> documents(String kbId) {
    List<JsonNode> all = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode p = get("/api/kbs/" + kbId + "/documents?size=500&page=" + page);
      p.path("items").forEach(all::add);
      if (p.path("items").size() < 500) {
        return all;
      }
    }
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
    HttpRequest request =
        request("/api/kbs/" + kbId + "/ask")
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofMinutes(10))
            .POST(BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException e) {
      throw unreachable();
    }
    if (response.statusCode() >= 400) {
      throw refused(
          response.statusCode(),
          new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    try (InputStreamReader in = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
      SseReader.read(in, e -> onEvent.accept(e.type(), parse(e.data())));
    }
  }

  private JsonNode parse(String data) {
    try {
      return json.readTree(data);
    } catch (IOException e) {
      throw new ClientException("The server sent an event that is not JSON: " + data);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + key)
        .timeout(Duration.ofMinutes(5));
  }

  private JsonNode send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() >= 400) {
        throw refused(response.statusCode(), response.body());
      }
      return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
    } catch (ConnectException e) {
      throw unreachable();
    } catch (IOException e) {
      throw new ClientException("Talking to " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("Interrupted");
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
