package dev.quarry.ingestion.sync;

import java.util.Objects;

/**
 * A file of a synced folder that could not be read (no permission, gone while scanned). Its
 * document, if there is one, is left as it is: an unreadable file is not a removed file.
 *
 * @param name its path relative to the folder, with {@code /} separators
 * @param reason why it could not be read, for a person
 */
public record UnreadableFile(String name, String reason) {
  public UnreadableFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
  }
}
