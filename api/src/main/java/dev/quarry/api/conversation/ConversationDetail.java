package dev.quarry.api.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A conversation with its turns, oldest first. */
public record ConversationDetail(
    String id,
    String kb,
    String title,
    Instant createdAt,
    Instant updatedAt,
    List<TurnView> turns) {

  /**
   * One question and its answer.
   *
   * @param n the turn's position, from 1
   * @param question as asked
   * @param query the standalone query retrieval used
   * @param rewrite {@code unchanged}, {@code contextualised} or {@code model}
   * @param answer the answer as the ask returned it (text, mode, citations, …)
   */
  public record TurnView(
      int n, String question, String query, String rewrite, JsonNode answer, Instant askedAt) {}
}
