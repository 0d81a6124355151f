package dev.quarry.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.retriever.cli.DataDirectory;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./quarry ask}: asks a running server a question, prints the answer as it streams, then its
 * sources. Exit code 0 for an answer, 1 when the server refused or failed, 2 for usage.
 */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = "Ask a running Quarry server a question; the answer streams, then its sources.")
public final class AskCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "QUESTION", description = "The question.")
  String question;

  @Option(names = "--kb", required = true, description = "Knowledge base name or id.")
  String kb;

  @Option(
      names = "--url",
      description = "Server URL (default: $QUARRY_URL, else http://localhost:8080).")
  String url;

  @Option(
      names = "--key",
      description =
          "API key (default: $QUARRY_API_KEY, $QUARRY_ADMIN_KEY, else <data-dir>/admin-key).")
  String key;

  @Option(names = "-k", description = "Passages to answer from (default: the server's).")
  Integer k;

  @Option(
      names = "--min-evidence",
      description =
          "Evidence a question needs to be answered, 0 to 1; 0 never declines (default: the"
              + " server's quarry.answers.min-evidence).")
  Double minEvidence;

  @Option(names = "--data-dir", description = "Where to find admin-key (default: ./data).")
  Path dataDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AskCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    try {
      QuarryClient client =
          new QuarryClient(baseUrl(url), QuarryClient.key(key, DataDirectory.resolve(dataDir)));
      String kbId = client.resolveKb(kb, false);
      boolean[] streamed = {false};
      int[] exit = {0};
      client.ask(
          kbId,
          question,
          k,
          minEvidence,
          (event, data) -> {
            switch (event) {
              case "token" -> {
                out.print(data.path("text").asText());
                out.flush();
                streamed[0] = true;
              }
              case "done" -> printDone(out, data, streamed[0]);
              case "error" -> {
                System.err.println("quarry ask: " + data.path("detail").asText());
                exit[0] = 1;
              }
              default -> {}
            }
          });
      return exit[0];
    } catch (QuarryClient.ClientException e) {
      System.err.println("quarry ask: " + e.getMessage());
      return 1;
    }
  }

  private static void printDone(PrintStream out, JsonNode done, boolean streamed) {
    String answer = done.path("answer").asText();
    String mode = done.path("mode").asText();
    if ("abstained".equals(mode)) {
      printAbstained(out, done, streamed);
      return;
    }
    if (!streamed) {
      out.print(answer);
    }
    out.println();
    if ("extractive".equals(mode)) {
      out.println("(extractive answer: no generator model is installed; see ./quarry models)");
    }
    JsonNode citations = done.path("citations");
    if (citations.size() > 0) {
      out.println();
      out.println("Sources:");
      for (JsonNode c : citations) {
        StringBuilder line =
            new StringBuilder("  [")
                .append(c.path("n").asInt())
                .append("] ")
                .append(c.path("documentName").asText());
        if (c.path("headingPath").size() > 0) {
          line.append(" — ");
          for (int i = 0; i < c.path("headingPath").size(); i++) {
            line.append(i > 0 ? " › " : "").append(c.path("headingPath").get(i).asText());
          }
        }
        if (!c.path("page").isNull() && !c.path("page").isMissingNode()) {
          line.append(", page ").append(c.path("page").asInt());
        }
        out.println(line);
      }
    }
    for (JsonNode s : done.path("unsupported")) {
      out.println("  (not backed by a cited source: " + s.asText() + ")");
    }
    JsonNode t = done.path("timings");
    out.printf(
        Locale.ROOT,
        "%n%.0f ms (retrieval %.0f ms, answer %.0f ms)%n",
        t.path("totalMs").asDouble(),
        t.path("retrievalMs").asDouble(),
        t.path("generationMs").asDouble());
  }

  /** "Not found", why, and the closest passages as possibly related. */
  private static void printAbstained(PrintStream out, JsonNode done, boolean streamed) {
    if (streamed) {
      out.println();
      out.println("(the text above was withdrawn)");
    }
    out.println(
        "Not found in this knowledge base: " + done.path("abstention").path("detail").asText());
    JsonNode related = done.path("related");
    if (related.size() > 0) {
      out.println();
      out.println("Possibly related:");
      for (JsonNode p : related) {
        String text = p.path("text").asText().replaceAll("\\s+", " ").strip();
        out.println(
            "  - "
                + p.path("documentName").asText()
                + ": "
                + (text.length() > 160 ? text.substring(0, 157) + "..." : text));
      }
    }
  }

  static URI baseUrl(String option) {
    String value =
        option != null
            ? option
            : System.getenv().getOrDefault("QUARRY_URL", "http://localhost:8080");
    return URI.create(value.endsWith("/") ? value : value + "/");
  }
}
