package dev.quarry.generator;

import dev.quarry.generator.grounding.GroundingReport;
import dev.quarry.generator.prompt.Citation;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one question.
 *
 * @param text the answer, with {@code [n]} markers of valid citations only
 * @param mode generated, extractive or abstained
 * @param citations the sources the answer cites, in order of first citation
 * @param unknownCitationNumbers {@code [n]} the model wrote that match no source (dropped)
 * @param grounding per-sentence support; {@link GroundingReport#unsupported()} lists flagged ones
 * @param promptTokens tokens in the prompt (0 when no model ran)
 * @param answerTokens tokens generated (0 when no model ran)
 * @param cancelled whether the caller cancelled generation (the text is what came before)
 */
public record Answer(
    String text,
    AnswerMode mode,
    List<Citation> citations,
    List<Integer> unknownCitationNumbers,
    GroundingReport grounding,
    int promptTokens,
    int answerTokens,
    boolean cancelled) {
  public Answer {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(mode, "mode");
    citations = List.copyOf(citations);
    unknownCitationNumbers = List.copyOf(unknownCitationNumbers);
    Objects.requireNonNull(grounding, "grounding");
  }

  static Answer abstained(String text) {
    return new Answer(
        text, AnswerMode.ABSTAINED, List.of(), List.of(), GroundingReport.EMPTY, 0, 0, false);
  }
}
