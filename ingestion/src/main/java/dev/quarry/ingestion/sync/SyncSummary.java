package dev.quarry.ingestion.sync;

import java.util.Locale;

/**
 * What a sync did: how many documents it added, updated, renamed and deleted, how many files were
 * unchanged, and how many changes failed (a refused upload, an unreadable file, a call that
 * failed).
 */
public record SyncSummary(
    int added, int updated, int renamed, int deleted, int unchanged, int failed) {

  /** Whether every planned change was made and every file could be read. */
  public boolean succeeded() {
    return failed == 0;
  }

  /** The summary line both the command line and the server's log print. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "%d added, %d updated, %d renamed, %d deleted, %d unchanged, %d failed",
        added,
        updated,
        renamed,
        deleted,
        unchanged,
        failed);
  }
}
