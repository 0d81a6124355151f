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
 * @param abstention why it was declined; null unless {@code mode} is {@link AnswerMode#ABSTAINED}
 * @param evidence the strength of the best evidence the sources held, in [0, 1] ({@link
 *     dev.quarry.generator.grounding.Evidence#strength()}); 0 when there were no sources
 * @param citations the sources the answer cites, in order of first citation
 * @param unknownCitationNumbers {@code [n]} the model wrote that match no source (dropped)
 * @param grounding per-sentence support; {@link GroundingReport#unsupported()} lists flagged ones
 * @param promptTokens tokens in the prompt (0 when no model ran)
 * @param answerTokens tokens generated (0 when no model ran)
 * @param cancelled whether the caller cancelled (the text is what came before)
 * @param notice why the answer is not what the settings ask for, for the reader (an extractive
 *     answer because the model server was unavailable); null when there is nothing to say
 */
public record Answer(
    String text,
    AnswerMode mode,
    AbstentionReason abstention,
    double evidence,
    List<Citation> citations,
    List<Long> unknownCitationNumbers,
    GroundingReport grounding,
    int promptTokens,
    int answerTokens,
    boolean cancelled,
    String notice) {
  public Answer {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(mode, "mode");
    if ((mode == AnswerMode.ABSTAINED) != (abstention != null)) {
      throw new IllegalArgumentException(
          "an abstention reason goes with ABSTAINED, and only there");
    }
    citations = List.copyOf(citations);
    unknownCitationNumbers = List.copyOf(unknownCitationNumbers);
    Objects.requireNonNull(grounding, "grounding");
  }

  static Answer abstained(AbstentionReason reason, double evidence, int promptTokens, int tokens) {
    return new Answer(
        AnswerGenerator.ABSTENTION,
        AnswerMode.ABSTAINED,
        reason,
        evidence,
        List.of(),
        List.of(),
        GroundingReport.EMPTY,
        promptTokens,
        tokens,
        false,
        null);
  }

  /** This answer with {@code notice} for the reader. */
  Answer withNotice(String notice) {
    return new Answer(
        text,
        mode,
        abstention,
        evidence,
        citations,
        unknownCitationNumbers,
        grounding,
        promptTokens,
        answerTokens,
        cancelled,
        notice);
  }
}
