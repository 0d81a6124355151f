package dev.quarry.generator.conversation;

import java.util.Objects;

/**
 * The query retrieval uses for a question of a conversation.
 *
 * @param text the query, never blank
 * @param method how it was made from the question
 */
public record StandaloneQuery(String text, RewriteMethod method) {
  public StandaloneQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(method, "method");
    if (text.isBlank()) {
      throw new IllegalArgumentException("a standalone query must not be blank");
    }
  }

  public static StandaloneQuery unchanged(String question) {
    return new StandaloneQuery(question.strip(), RewriteMethod.UNCHANGED);
  }
}
