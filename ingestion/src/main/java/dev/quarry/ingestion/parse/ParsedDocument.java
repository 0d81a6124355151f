package dev.quarry.ingestion.parse;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The structured text of one document: what the parser extracted, before chunking.
 *
 * @param mediaType the type detected from the content, such as {@code application/pdf}
 * @param title the document's own title, else its first heading, else empty
 * @param text the extracted text; every block's offsets point into it
 * @param blocks headings, paragraphs, list items and table rows in reading order, non-overlapping
 * @param metadata document-level fields: {@code title}, {@code author}, {@code date} (ISO-8601),
 *     {@code language} (ISO 639 code), each present only when known
 */
public record ParsedDocument(
    String mediaType,
    String title,
    String text,
    List<TextBlock> blocks,
    Map<String, String> metadata) {

  public ParsedDocument {
    Objects.requireNonNull(mediaType, "mediaType");
    title = Objects.requireNonNullElse(title, "");
    Objects.requireNonNull(text, "text");
    blocks = List.copyOf(blocks);
    for (TextBlock b : blocks) {
      if (b.end() > text.length()) {
        throw new IllegalArgumentException("block " + b + " ends past the text");
      }
    }
    metadata = Map.copyOf(metadata);
  }

  /** The text of one of this document's blocks. */
  public String textOf(TextBlock block) {
    return text.substring(block.start(), block.end());
  }
}
