package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestionListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows files done, chunks written, chunks per second and the time left. On a terminal it redraws
 * one line with {@code \r} (at most five times a second); otherwise (a log, a pipe) it prints a
 * plain line every few seconds, so logs stay readable.
 */
final class ProgressBar implements IngestionListener {

  private static final int WIDTH = 24;
  private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();
  private static final long LOG_LINE_NANOS = Duration.ofSeconds(5).toNanos();

  private final PrintStream out;
  private final boolean terminal;
  private final int totalFiles;
  private final long started = System.nanoTime();
  private long lastDrawn;
  private int files;
  private long chunks;
  private boolean drawnOnce;
  private int lastLength;

  ProgressBar(PrintStream out, boolean terminal, int totalFiles) {
    this.out = out;
    this.terminal = terminal;
    this.totalFiles = totalFiles;
  }

  @Override
  public void onResult(IngestResult result) {
    files++;
    if (result.status() == IngestResult.Status.INGESTED) {
      chunks += result.chunks();
    }
    long now = System.nanoTime();
    boolean last = files == totalFiles;
    if (last || now - lastDrawn >= (terminal ? REDRAW_NANOS : LOG_LINE_NANOS)) {
      lastDrawn = now;
      draw(now);
    }
  }

  /** Ends the progress line, so the summary starts on a line of its own. */
  void finish() {
    if (terminal && drawnOnce) {
      out.println();
    }
    out.flush();
  }

  private void draw(long now) {
    String line = line(now);
    if (terminal) {
      // Pad over the rest of a longer previous line.
      out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
    drawnOnce = true;
  }

  String line(long now) {
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    int filled = totalFiles == 0 ? WIDTH : (int) ((long) WIDTH * files / totalFiles);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    double perFile = seconds / Math.max(1, files);
    long eta = Math.round(perFile * (totalFiles - files));
    return String.format(
        Locale.ROOT,
        "[%s] %d/%d files  %d chunks  %.1f chunks/s  ETA %s",
        bar,
        files,
        totalFiles,
        chunks,
        chunks / seconds,
        duration(eta));
  }

  private static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }
}
