package dev.quarry.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.ingestion.sync.FolderScan;
import dev.quarry.ingestion.sync.FolderScanner;
import dev.quarry.ingestion.sync.KnownDocument;
import dev.quarry.ingestion.sync.SyncFolderException;
import dev.quarry.ingestion.sync.SyncPlan;
import dev.quarry.ingestion.sync.SyncSummary;
import dev.quarry.retriever.cli.DataDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./quarry sync FOLDER --url … --kb …}: makes a knowledge base on a running server hold what
 * a folder holds. The plan ({@link SyncPlan}) is carried out over the REST API: renames (PATCH),
 * new versions (PUT), uploads (POST), then deletions (DELETE). One refused change is reported and
 * the others go on.
 *
 * <p>Exit codes: {@value #OK} every change made; {@value #SOME_FAILED} a change failed or a file
 * could not be read (the rest was done); {@value #CANNOT_SYNC} nothing done: no such folder, no
 * such knowledge base, no server, bad options.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description =
        "Make a knowledge base on a running server match a folder: upload new and changed files,"
            + " rename moved ones, delete removed ones.")
public final class SyncCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int SOME_FAILED = 1;
  static final int CANNOT_SYNC = 2;

  @Parameters(index = "0", paramLabel = "FOLDER", description = "The folder to mirror.")
  Path folder;

  @Option(
      names = "--url",
      description = "Server URL (default: $QUARRY_URL, else http://localhost:8080).")
  String url;

  @Option(
      names = "--kb",
      required = true,
      description = "Knowledge base name or id (it must exist: create it in the UI or API).")
  String kb;

  @Option(names = "--key", description = "API key (default: $QUARRY_API_KEY, else data/admin-key).")
  String key;

  @Option(names = "--data-dir", description = "Where to find admin-key (default: ./data).")
  Path dataDir;

  @Option(names = "--dry-run", description = "Print the plan; change nothing.")
  boolean dryRun;

  @Option(names = "--watch", description = "Keep syncing every --interval until interrupted.")
  boolean watch;

  @Option(
      names = "--interval",
      defaultValue = "10",
      description = "Seconds between two passes with --watch (default: ${DEFAULT-VALUE}).")
  int intervalSeconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SyncCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintStream out = System.out;
    if (intervalSeconds < 1) {
      System.err.println("quarry sync: --interval must be at least 1 second");
      return CANNOT_SYNC;
    }
    int code;
    do {
      code = pass(out);
      if (watch) {
        Thread.sleep(Duration.ofSeconds(intervalSeconds).toMillis());
      }
    } while (watch);
    return code;
  }

  /** One sync: scan, plan, carry out (unless a dry run), summarize. */
  private int pass(PrintStream out) {
    try {
      QuarryClient client =
          new QuarryClient(
              AskCommand.baseUrl(url), QuarryClient.key(key, DataDirectory.resolve(dataDir)));
      String kbId = client.resolveKb(kb, false);
      FolderScan scan = new FolderScanner().scan(folder);
      SyncPlan plan = SyncPlan.between(scan, known(client.documents(kbId)));
      if (dryRun) {
        plan.describe().forEach(line -> out.println("  " + line));
        out.printf(
            Locale.ROOT,
            "Dry run: %d changes planned, %d unchanged; nothing was changed.%n",
            plan.changes(),
            plan.unchanged().size());
        return plan.unreadable().isEmpty() ? OK : SOME_FAILED;
      }
      SyncSummary summary = carryOut(client, kbId, plan, out);
      out.println(summary.line());
      return summary.succeeded() ? OK : SOME_FAILED;
    } catch (SyncFolderException e) {
      System.err.println("quarry sync: " + e.getMessage());
      return CANNOT_SYNC;
    } catch (QuarryClient.ClientException e) {
      System.err.println("quarry sync: " + e.getMessage());
      return CANNOT_SYNC;
    }
  }

  private static List<KnownDocument> known(List<JsonNode> documents) {
    return documents.stream()
        .map(
            d ->
                new KnownDocument(
                    d.path("id").asText(), d.path("name").asText(), d.path("sha256").asText()))
        .toList();
  }

  private static SyncSummary carryOut(
      QuarryClient client, String kbId, SyncPlan plan, PrintStream out) {
    int failed = plan.unreadable().size();
    plan.unreadable().forEach(u -> out.println("  SKIPPED " + u.name() + ": " + u.reason()));
    int renamed = 0;
    for (SyncPlan.Rename r : plan.renames()) {
      renamed +=
          change(
              out,
              "RENAMED " + r.document().name() + " -> " + r.to(),
              () -> client.rename(kbId, r.document().id(), r.to()));
    }
    int updated = 0;
    for (SyncPlan.Update u : plan.updates()) {
      updated +=
          change(
              out,
              "UPDATED " + u.file().name(),
              () -> client.replace(kbId, u.document().id(), u.file().path(), u.file().name()));
    }
    int added = 0;
    for (SyncPlan.Add a : plan.adds()) {
      added +=
          change(
              out,
              "ADDED   " + a.file().name(),
              () -> client.upload(kbId, List.of(a.file().path()), List.of(a.file().name())));
    }
    int deleted = 0;
    for (SyncPlan.Delete d : plan.deletes()) {
      deleted +=
          change(
              out, "DELETED " + d.document().name(), () -> client.delete(kbId, d.document().id()));
    }
    failed += plan.changes() - renamed - updated - added - deleted;
    return new SyncSummary(added, updated, renamed, deleted, plan.unchanged().size(), failed);
  }

  /** A call that may be refused. */
  private interface Change {
    void run() throws Exception;
  }

  /** Makes one change: 1 when done, 0 when refused (reported). */
  private static int change(PrintStream out, String done, Change change) {
    try {
      change.run();
      out.println("  " + done);
      return 1;
    } catch (QuarryClient.ClientException e) {
      if (e.status() == 0) {
        throw e; // the server is gone: stop, the next pass starts over
      }
      out.println("  FAILED  " + done.substring(8) + ": " + e.getMessage());
      return 0;
    } catch (Exception e) {
      out.println("  FAILED  " + done.substring(8) + ": " + e.getMessage());
      return 0;
    }
  }
}
