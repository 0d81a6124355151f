package dev.quarry.api.qa;

import dev.quarry.generator.AbstentionReason;
import dev.quarry.generator.conversation.RewriteMethod;
import java.util.List;
import java.util.Locale;

/**
 * The answer to one question, as the API returns it (and as the final {@code done} event of a
 * stream carries it).
 *
 * @param answer the text, with {@code [n]} markers
 * @param mode {@code generative}, {@code extractive} (no generator model) or {@code abstained}
 * @param abstention why the question was declined; null unless {@code mode} is {@code abstained}
 * @param evidence strength of the best evidence the passages held, in [0, 1]; compared with the
 *     threshold ({@code quarry.answers.min-evidence} or the request's {@code minEvidence})
 * @param citations the sources cited, by {@code n}; empty when abstained
 * @param unsupported answer sentences no cited source backs
 * @param unknownCitations {@code [n]} the model wrote that name no source (removed from the text)
 * @param related when abstained, the closest passages found, as "possibly related"; else empty
 * @param timings where the time went
 * @param usage tokens in the prompt and the answer (0 when no model ran)
 * @param notice why the answer is not what the server is set to give, for the reader: an extractive
 *     answer because the model server was unavailable ({@code
 *     quarry.generator.openai.on-unavailable=extractive}); null otherwise
 * @param query the query retrieval used: the question as asked, or in a conversation the follow-up
 *     rewritten to stand alone
 * @param rewrite how {@code query} was made from the question: {@code unchanged}, {@code
 *     contextualised} (earlier terms carried over by rule) or {@code model} (rewritten by the
 *     generator model)
 */
public record AskResult(
    String answer,
    String mode,
    Abstention abstention,
    double evidence,
    List<CitationView> citations,
    List<String> unsupported,
    List<Long> unknownCitations,
    List<PassageView> related,
    Timings timings,
    Usage usage,
    String notice,
    String query,
    String rewrite) {

  /** This answer, retrieved with {@code query} made from the question as {@code rewrite} says. */
  public AskResult withQuery(String query, RewriteMethod rewrite) {
    return new AskResult(
        answer,
        mode,
        abstention,
        evidence,
        citations,
        unsupported,
        unknownCitations,
        related,
        timings,
        usage,
        notice,
        query,
        rewrite.name().toLowerCase(Locale.ROOT));
  }

  /**
   * Why a question was declined.
   *
   * @param reason {@code no_passages}, {@code weak_evidence}, {@code model_declined} or {@code
   *     not_grounded}
   * @param detail the reason in words, for people
   */
  public record Abstention(String reason, String detail) {

    static Abstention of(AbstentionReason reason) {
      return new Abstention(
          reason.name().toLowerCase(Locale.ROOT),
          switch (reason) {
            case NO_PASSAGES -> "The search found no passage in this knowledge base.";
            case WEAK_EVIDENCE ->
                "The closest passages do not cover the question's subject, so Quarry does not"
                    + " answer from them.";
            case MODEL_DECLINED -> "The model found that the passages do not contain the answer.";
            case NOT_GROUNDED ->
                "The model's answer was not backed by the passages it cited, so it was withheld.";
          });
    }
  }

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
