package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestResult.Status;
import dev.quarry.ingestion.pipeline.IngestionReport;
import dev.quarry.ingestion.pipeline.StageTimings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the end-of-run summary and decides the exit code: 0 only when nothing failed. */
final class SummaryPrinter {

  private final PrintStream out;

  SummaryPrinter(PrintStream out) {
    this.out = out;
  }

  int print(IngestionReport report, List<IngestResult> deletions, int chunksInIndex) {
    List<IngestResult> failures = new ArrayList<>(report.failures());
    deletions.stream().filter(d -> d.status() == Status.FAILED).forEach(failures::add);
    long deleted = deletions.stream().filter(d -> d.status() == Status.DELETED).count();
    double seconds = report.wallNanos() / 1e9;
    out.printf(
        Locale.ROOT,
        "%d ingested (%d chunks), %d unchanged, %d deleted, %d failed in %.1f s;"
            + " the knowledge base now holds %d chunks.%n",
        report.count(Status.INGESTED),
        report.chunksIngested(),
        report.count(Status.UNCHANGED),
        deleted,
        failures.size(),
        seconds,
        chunksInIndex);
    StageTimings t = report.timings();
    out.printf(
        Locale.ROOT,
        "Time by stage (summed over threads): read %.1f s, parse %.1f s, chunk %.1f s,"
            + " embed %.1f s, index %.1f s.%n",
        t.readNanos() / 1e9,
        t.parseNanos() / 1e9,
        t.chunkNanos() / 1e9,
        t.embedNanos() / 1e9,
        t.indexNanos() / 1e9);
    for (IngestResult f : failures) {
      out.printf(Locale.ROOT, "  FAILED %s: %s%n", f.origin(), f.reason());
    }
    out.flush();
    return failures.isEmpty() ? 0 : 1;
  }
}
