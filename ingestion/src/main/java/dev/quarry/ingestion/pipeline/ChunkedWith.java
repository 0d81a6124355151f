package dev.quarry.ingestion.pipeline;

import dev.quarry.ingestion.chunk.ChunkingSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a document's chunks were made with besides its bytes: chunk size, overlap and embedding
 * model. Recorded on every chunk as {@link IngestionPipeline#CHUNKED_WITH}, written {@code 300/50
 * bge-small-en-v1.5-q}; part of the "unchanged" check, and how {@code ./quarry ingest} tells a run
 * that needs a re-index.
 */
public record ChunkedWith(ChunkingSettings chunking, String model) {

  private static final Pattern FORM = Pattern.compile("(\\d+)/(\\d+) (\\S+)");

  public ChunkedWith {
    Objects.requireNonNull(chunking, "chunking");
    if (model == null || model.isBlank() || model.contains(" ")) {
      throw new IllegalArgumentException(
          "model must be a name without spaces, not '" + model + "'");
    }
  }

  /** The recorded form, or empty when {@code value} is not one (a chunk of an older version). */
  public static Optional<ChunkedWith> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ChunkedWith(
              new ChunkingSettings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))),
              m.group(3)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return chunking.targetTokens() + "/" + chunking.overlapTokens() + " " + model;
  }
}
