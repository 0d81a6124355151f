package dev.quarry.generator.cli;

import dev.quarry.generator.model.DownloadProgress;
import dev.quarry.generator.model.HubFile;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar per downloaded file, in MiB with speed and time left, drawn by
 * me.tongfei:progressbar: redrawn in place on a terminal, a plain line every few seconds in a log.
 */
final class DownloadBar implements DownloadProgress {

  private static final long MIB = 1024 * 1024;

  private final PrintStream out;
  private final boolean terminal;
  private ProgressBar bar;
  private String file;

  DownloadBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void update(HubFile hubFile, long done, long total) {
    if (!hubFile.path().equals(file)) {
      closeBar();
      file = hubFile.path();
      bar =
          new ProgressBarBuilder()
              .setTaskName(file)
              .setInitialMax(total)
              .setUnit(" MiB", MIB)
              .setStyle(ProgressBarStyle.ASCII)
              .showSpeed()
              .setUpdateIntervalMillis(terminal ? 100 : 5000)
              .setConsumer(
                  terminal
                      ? new ConsoleProgressBarConsumer(out)
                      : new DelegatingProgressBarConsumer(out::println))
              .build();
    }
    bar.stepTo(done);
    if (done >= total) {
      closeBar();
      file = null;
    }
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
