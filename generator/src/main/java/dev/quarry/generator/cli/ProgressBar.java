package dev.quarry.generator.cli;

import dev.quarry.generator.model.DownloadProgress;
import dev.quarry.generator.model.HubFile;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line download progress bar redrawn in place with {@code \r} on a terminal; off a terminal
 * (CI logs) one line per finished file instead. Redraws at most every 100 ms.
 */
final class ProgressBar implements DownloadProgress {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private long lastDraw;

  ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void update(HubFile file, long done, long total) {
    boolean finished = done >= total;
    long now = System.nanoTime();
    if (!finished && (!terminal || now - lastDraw < REDRAW_NANOS)) {
      return;
    }
    lastDraw = now;
    out.print((terminal ? "\r" : "") + line(file.path(), done, total) + (finished ? "\n" : ""));
    out.flush();
  }

  static String line(String name, long done, long total) {
    double share = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(share * WIDTH);
    return String.format(
        Locale.ROOT,
        "%-32s [%s%s] %3d%% %s / %s",
        name.length() > 32 ? "…" + name.substring(name.length() - 31) : name,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(share * 100),
        human(done),
        human(total));
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
