package dev.quarry.api.security;

import dev.quarry.api.QuarryConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The admin key: {@code quarry.auth.admin-key} when set; otherwise the one in {@code
 * <data-dir>/admin-key}, generated (readable by its owner only) on first start.
 */
@ApplicationScoped
public class AdminKey {

  private final String key;

  AdminKey(QuarryConfig config) {
    this.key = config.auth().adminKey().filter(k -> !k.isBlank()).orElseGet(() -> stored(config));
  }

  public String value() {
    return key;
  }

  private static String stored(QuarryConfig config) {
    Path file = config.dataDir().resolve("admin-key");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.createDirectories(config.dataDir());
      String key = Keys.newKey();
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the data directory's own permissions protect it
      }
      Log.infof(
          "Generated the admin key into %s (set quarry.auth.admin-key / QUARRY_ADMIN_KEY to choose"
              + " your own).",
          file.toAbsolutePath());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the admin key file " + file, e);
    }
  }
}
