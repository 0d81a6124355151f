/**
 * After generation, the last check before the answer leaves: {@link
 * dev.quarry.generator.grounding.GroundingChecker} flags answer sentences their cited passages do
 * not support. With no generator model, {@link dev.quarry.generator.grounding.ExtractiveComposer}
 * writes the answer from the passages' own sentences instead. Both use a {@link
 * dev.quarry.generator.grounding.SentenceEmbedder} the caller supplies (the retriever's model).
 */
package dev.quarry.generator.grounding;
