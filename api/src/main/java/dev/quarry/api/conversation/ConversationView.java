package dev.quarry.api.conversation;

import dev.quarry.api.catalogue.Conversation;
import java.time.Instant;

/**
 * A conversation as the API lists it.
 *
 * @param turns how many questions it holds
 * @param updatedAt when it was created, renamed or last asked
 */
public record ConversationView(
    String id, String kb, String title, int turns, Instant createdAt, Instant updatedAt) {

  static ConversationView of(Conversation c) {
    return new ConversationView(c.id, c.kbId, c.title, c.turnCount, c.createdAt, c.updatedAt);
  }
}
