package dev.quarry.generator.conversation;

import java.util.List;

/** Turns the question of a conversation into the query retrieval uses. */
public interface QueryRewriter {

  /**
   * The standalone query for {@code question}, given the earlier turns (oldest first). With no
   * earlier turns the question is returned {@link RewriteMethod#UNCHANGED}. Never throws for a
   * model failure: implementations fall back to a rule. Thread-safe.
   *
   * @throws IllegalArgumentException if {@code question} is blank
   */
  StandaloneQuery rewrite(List<PriorTurn> history, String question);
}
