package dev.quarry.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quarry.retriever.cli.DataDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./quarry ingest --url}: sends files to a running server (which stores, parses and indexes
 * them), then follows them until each is READY or FAILED. Folder structure is kept in the document
 * names. A file the server refuses (unreadable type, too large) is reported and the others go on.
 * Exit code 0 when all are READY, 1 when any failed or was refused.
 */
@Command(
    name = "ingest --url",
    mixinStandardHelpOptions = true,
    description = "Upload files to a running Quarry server and wait until they are searchable.")
public final class RemoteIngestCommand implements Callable<Integer> {

  private static final int FILES_PER_REQUEST = 20;

  /** How long the event stream may stay quiet before the server is asked directly. */
  private static final Duration QUIET = Duration.ofSeconds(10);

  private int refused;
  private int failed;

  /** What the server accepted of one file: the document's name and the version it made. */
  private record Uploaded(String name, long version) {}

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (recursive).")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--url", required = true, description = "Server URL, e.g. http://localhost:8080")
  String url;

  @Option(
      names = "--kb",
      required = true,
      description = "Knowledge base name or id (created if missing).")
  String kb;

  @Option(names = "--key", description = "API key (default: $QUARRY_API_KEY, else data/admin-key).")
  String key;

  @Option(names = "--no-wait", description = "Return once the server has the files.")
  boolean noWait;

  @Option(names = "--data-dir", description = "Where to find admin-key (default: ./data).")
  Path dataDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RemoteIngestCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    try {
      QuarryClient client =
          new QuarryClient(
              AskCommand.baseUrl(url), QuarryClient.key(key, DataDirectory.resolve(dataDir)));
      String kbId = client.resolveKb(kb, true);
      Map<Path, String> files = collect();
      out.printf(
          Locale.ROOT, "Uploading %d files to %s (knowledge base %s)%n", files.size(), url, kbId);
      // Opened before the first upload, so that no upload's end goes unseen.
      try (DocumentEventStream events = noWait ? null : DocumentEventStream.open(client, kbId)) {
        Map<String, Uploaded> uploaded = new HashMap<>();
        List<Path> batch = new ArrayList<>();
        for (Path p : files.keySet()) {
          batch.add(p);
          if (batch.size() == FILES_PER_REQUEST) {
            send(client, kbId, batch, files, uploaded, out);
          }
        }
        send(client, kbId, batch, files, uploaded, out);
        if (events == null) {
          return refused == 0 ? 0 : 1;
        }
        follow(client, kbId, events, uploaded, out);
        out.printf(
            Locale.ROOT,
            "%d ready, %d failed, %d refused%n",
            uploaded.size() - failed,
            failed,
            refused);
        return failed == 0 && refused == 0 ? 0 : 1;
      }
    } catch (QuarryClient.ClientException e) {
      System.err.println("quarry ingest: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Uploads a batch in one request. When the server refuses the request for one file's sake (a type
   * it cannot read, a size over its limits), each file is sent alone, so that the others still go
   * in and the refused ones are named.
   */
  private void send(
      QuarryClient client,
      String kbId,
      List<Path> batch,
      Map<Path, String> names,
      Map<String, Uploaded> uploaded,
      PrintStream out)
      throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    try {
      JsonNode accepted = client.upload(kbId, batch, batch.stream().map(names::get).toList());
      for (JsonNode d : accepted) {
        uploaded.put(
            d.path("id").asText(),
            new Uploaded(d.path("name").asText(), d.path("version").asLong()));
      }
    } catch (QuarryClient.ClientException e) {
      if (e.status() != 413 && e.status() != 415) {
        throw e;
      }
      if (batch.size() == 1) {
        out.printf("  REFUSED %s: %s%n", names.get(batch.get(0)), e.getMessage());
        refused++;
      } else {
        for (Path file : batch) {
          send(client, kbId, new ArrayList<>(List.of(file)), names, uploaded, out);
        }
      }
    }
    batch.clear();
  }

  /**
   * Waits until every uploaded document is READY or FAILED, naming each as it ends, as the event
   * stream tells it. When the stream has been quiet for {@link #QUIET}, or has ended, the server is
   * asked directly ({@link #askServer}), in case an event was missed; an ended stream is opened
   * again first. (Asking every half second instead cost the server a listing of every waiting
   * document each time, taken from the cores it embeds with.)
   */
  private void follow(
      QuarryClient client,
      String kbId,
      DocumentEventStream events,
      Map<String, Uploaded> uploaded,
      PrintStream out)
      throws InterruptedException {
    Map<String, Uploaded> pending = new HashMap<>(uploaded);
    while (!pending.isEmpty()) {
      Optional<JsonNode> event = events.next(QUIET);
      if (event.isPresent()) {
        settle(event.get(), pending, out);
        continue;
      }
      if (events.ended()) {
        events.reopen();
      }
      askServer(client, kbId, pending, out);
    }
  }

  /**
   * Reads the pending documents that are neither QUEUED nor PROCESSING (a page of the listing per
   * 500 waiting) one by one; a document deleted meanwhile counts as failed.
   */
  private void askServer(
      QuarryClient client, String kbId, Map<String, Uploaded> pending, PrintStream out) {
    Set<String> waiting = new HashSet<>();
    for (String status : List.of("QUEUED", "PROCESSING")) {
      client.documents(kbId, status).forEach(d -> waiting.add(d.path("id").asText()));
    }
    for (String id : List.copyOf(pending.keySet())) {
      if (waiting.contains(id)) {
        continue;
      }
      try {
        settle(
            client.get("/api/kbs/" + kbId + "/documents/" + QuarryClient.encode(id)), pending, out);
      } catch (QuarryClient.ClientException e) {
        if (e.status() != 404) {
          throw e;
        }
        settle(
            JsonNodeFactory.instance.objectNode().put("id", id).put("deleted", true), pending, out);
      }
    }
  }

  /**
   * Ends a pending document that {@code document} (an event, or the server's answer) shows READY,
   * FAILED or deleted, at the uploaded version or a later one.
   */
  private void settle(JsonNode document, Map<String, Uploaded> pending, PrintStream out) {
    Uploaded upload = pending.get(document.path("id").asText());
    if (upload == null) {
      return; // another document of the knowledge base
    }
    String status = document.path("status").asText();
    if (document.path("deleted").asBoolean()) {
      out.printf("  FAILED  %s: it was deleted before it was ready%n", upload.name());
      failed++;
    } else if (document.path("version").asLong() < upload.version()) {
      return; // news of an older version
    } else if ("READY".equals(status)) {
      out.printf("  READY   %s (%d chunks)%n", upload.name(), document.path("chunks").asInt());
    } else if ("FAILED".equals(status)) {
      out.printf("  FAILED  %s: %s%n", upload.name(), document.path("error").asText());
      failed++;
    } else {
      return;
    }
    pending.remove(document.path("id").asText());
  }

  /** Files under the paths, each with its name relative to the folder given. */
  private Map<Path, String> collect() throws IOException {
    Map<Path, String> files = new java.util.LinkedHashMap<>();
    for (Path root : paths) {
      if (Files.isRegularFile(root)) {
        files.put(root, root.getFileName().toString());
      } else if (Files.isDirectory(root)) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .forEach(p -> files.put(p, root.relativize(p).toString()));
        }
      } else {
        throw new QuarryClient.ClientException("No such file or folder: " + root);
      }
    }
    return files;
  }
}
