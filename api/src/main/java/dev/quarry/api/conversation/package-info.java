/**
 * Conversations: a key's questions to one knowledge base, kept turn by turn. {@link
 * dev.quarry.api.conversation.Conversations} rewrites each follow-up into a standalone query
 * ({@code generator.conversation}), answers it as a single question is answered ({@code
 * api.qa.QuestionAnswering}) and stores the turn, so a person can come back to the exchange.
 */
package dev.quarry.api.conversation;
