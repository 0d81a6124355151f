package dev.quarry.generator.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a hub repository, as its tree API lists it.
 *
 * @param path the path inside the repository, e.g. {@code onnx/model.onnx}
 * @param size bytes
 * @param sha256 the LFS object id (hex sha256) when the file is stored in LFS, else null
 */
public record HubFile(String path, long size, String sha256) {
  public HubFile {
    Objects.requireNonNull(path, "path");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
  }

  public Optional<String> sha256Hex() {
    return Optional.ofNullable(sha256);
  }

  /** The file name without folders. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The folder part of the path ({@code ""} at the repository root). */
  public String folder() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
