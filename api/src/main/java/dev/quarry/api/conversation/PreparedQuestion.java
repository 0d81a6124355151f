package dev.quarry.api.conversation;

import dev.quarry.generator.conversation.StandaloneQuery;

/**
 * A follow-up checked and rewritten, ready to be answered (see {@link Conversations#prepare}).
 *
 * @param conversationId the conversation it is asked in
 * @param question as asked
 * @param query what retrieval and the answer will use
 */
public record PreparedQuestion(String conversationId, String question, StandaloneQuery query) {}
