package dev.quarry.retriever.cli;

import java.nio.file.Path;

/**
 * Where Quarry keeps its data when it runs without a server: {@code --data-dir}, else the {@code
 * QUARRY_DATA_DIR} environment variable, else {@code ./data}. Indexes live in {@code indexes/}.
 */
public final class DataDirectory {

  public static final String ENV = "QUARRY_DATA_DIR";

  private DataDirectory() {}

  /** The data directory from an explicit option (may be null), the environment, or ./data. */
  public static Path resolve(Path option) {
    if (option != null) {
      return option;
    }
    String env = System.getenv(ENV);
    return Path.of(env == null || env.isBlank() ? "data" : env);
  }

  public static Path indexes(Path dataDir) {
    return dataDir.resolve("indexes");
  }
}
