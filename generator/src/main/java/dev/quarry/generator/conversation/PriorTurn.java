package dev.quarry.generator.conversation;

import java.util.Objects;

/**
 * An earlier exchange of a conversation, as query rewriting reads it.
 *
 * @param question what the person asked, as written
 * @param query the standalone query retrieval used for it (names the subject even when the question
 *     leaned on an earlier one)
 * @param answer the answer given; may be empty
 */
public record PriorTurn(String question, String query, String answer) {
  public PriorTurn {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(query, "query");
    answer = answer == null ? "" : answer;
  }

  /** A turn whose question needed no rewriting. */
  public static PriorTurn of(String question, String answer) {
    return new PriorTurn(question, question, answer);
  }
}
