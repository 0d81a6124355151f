/**
 * Before retrieval, in a conversation: a follow-up ("and what causes it?") is rewritten into a
 * standalone query that names its subject, so the search finds what the person means. A {@link
 * dev.quarry.generator.conversation.QueryRewriter} takes the earlier turns and the follow-up and
 * returns a {@link dev.quarry.generator.conversation.StandaloneQuery}; the {@link
 * dev.quarry.generator.conversation.Contextualiser} does it by rule, the {@link
 * dev.quarry.generator.conversation.ModelQueryRewriter} with the generator model. The query used is
 * returned with the answer, so the rewriting is never invisible.
 */
package dev.quarry.generator.conversation;
