package dev.quarry.api.qa;

import java.util.List;

/**
 * The answer to one question, as the API returns it (and as the final {@code done} event of a
 * stream carries it).
 *
 * @param answer the text, with {@code [n]} markers
 * @param mode {@code generative}, {@code extractive} (no generator model) or {@code abstained}
 * @param citations the sources cited, by {@code n}
 * @param unsupported answer sentences no cited source backs
 * @param timings where the time went
 * @param usage tokens in the prompt and the answer (0 when no model ran)
 */
public record AskResult(
    String answer,
    String mode,
    List<CitationView> citations,
    List<String> unsupported,
    Timings timings,
    Usage usage) {

  /**
   * One cited passage.
   *
   * @param start offset of the passage in the document's extracted text
   * @param end offset one past its end
   * @param highlight the part of {@code text} that backs the answer (offsets into {@code text})
   */
  public record CitationView(
      int n,
      String passageId,
      String documentId,
      String documentName,
      String text,
      List<String> headingPath,
      Integer page,
      int start,
      int end,
      Highlighter.Span highlight) {}

  /** Milliseconds. */
  public record Timings(double retrievalMs, double generationMs, double totalMs) {}

  public record Usage(int promptTokens, int answerTokens) {}
}
