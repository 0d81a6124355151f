package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.pipeline.IngestResult;
import dev.quarry.ingestion.pipeline.IngestionListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Files done, chunks written, speed and time left, drawn by me.tongfei:progressbar: redrawn in
 * place on a terminal, a plain line every few seconds in a log or a pipe.
 */
final class IngestProgress implements IngestionListener, AutoCloseable {

  private final ProgressBar bar;
  private long chunks;

  IngestProgress(PrintStream out, boolean terminal, int totalFiles) {
    this.bar = bar(out, terminal, "Ingesting", " files", totalFiles);
  }

  /**
   * The command line's one kind of progress bar: redrawn on a terminal, a plain line every few
   * seconds in a log.
   */
  static ProgressBar bar(PrintStream out, boolean terminal, String task, String unit, int max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setUnit(unit, 1)
        .setStyle(ProgressBarStyle.ASCII)
        .showSpeed()
        .setUpdateIntervalMillis(terminal ? 200 : 5000)
        .setConsumer(
            terminal
                ? new ConsoleProgressBarConsumer(out)
                : new DelegatingProgressBarConsumer(out::println))
        .build();
  }

  @Override
  public synchronized void onResult(IngestResult result) {
    if (result.status() == IngestResult.Status.INGESTED) {
      chunks += result.chunks();
    }
    bar.setExtraMessage(String.format(Locale.ROOT, ", %d chunks", chunks));
    bar.step();
  }

  /** Draws the final state and ends the line, so the summary starts on a line of its own. */
  @Override
  public void close() {
    bar.close();
  }
}
