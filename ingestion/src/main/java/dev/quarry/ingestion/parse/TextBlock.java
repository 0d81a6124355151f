package dev.quarry.ingestion.parse;

import java.util.List;
import java.util.Objects;

/**
 * One structural unit of a parsed document: a heading, paragraph, list item or table row.
 *
 * @param kind what the block is
 * @param start offset of its first character in {@link ParsedDocument#text()}
 * @param end offset one past its last character
 * @param headingPath the headings above it, outermost first; for a heading, the path ends with the
 *     heading itself
 * @param page 1-based page or slide number, or {@code null} where the format has no pages
 */
public record TextBlock(
    BlockKind kind, int start, int end, List<String> headingPath, Integer page) {

  public TextBlock {
    Objects.requireNonNull(kind, "kind");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("invalid block offsets [" + start + ", " + end + ")");
    }
    headingPath = List.copyOf(headingPath);
  }
}
