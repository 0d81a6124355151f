package dev.quarry.ingestion.sync;

import java.util.List;

/**
 * What a folder holds: its readable files and the ones that could not be read, each sorted by name.
 */
public record FolderScan(List<LocalFile> files, List<UnreadableFile> unreadable) {
  public FolderScan {
    files = List.copyOf(files);
    unreadable = List.copyOf(unreadable);
  }
}
