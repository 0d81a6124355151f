package dev.quarry.generator.prompt;

import java.util.List;

/**
 * The citations found in an answer.
 *
 * @param text the answer with markers of unknown numbers removed
 * @param citations valid citations, in order of first appearance, each once
 * @param unknownNumbers numbers that match no source, in order of first appearance, each once
 */
public record ParsedCitations(String text, List<Citation> citations, List<Long> unknownNumbers) {
  public ParsedCitations {
    citations = List.copyOf(citations);
    unknownNumbers = List.copyOf(unknownNumbers);
  }
}
