package dev.quarry.generator.model;

/** Told how a download advances; called on the downloading thread. */
@FunctionalInterface
public interface DownloadProgress {

  DownloadProgress NONE = (file, done, total) -> {};

  /**
   * @param file the file being downloaded
   * @param bytesDone bytes on disk so far, resumed bytes included
   * @param bytesTotal the file's size
   */
  void update(HubFile file, long bytesDone, long bytesTotal);
}
