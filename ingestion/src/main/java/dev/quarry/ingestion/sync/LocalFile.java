package dev.quarry.ingestion.sync;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a synced folder.
 *
 * @param name its path relative to the folder, with {@code /} separators: the document name
 * @param path where it is on disk
 * @param sha256 the hex SHA-256 of its bytes when scanned
 * @param size its size in bytes when scanned
 */
public record LocalFile(String name, Path path, String sha256, long size) {
  public LocalFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
  }
}
