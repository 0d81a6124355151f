/**
 * Text to tokens and back, between the prompt builder and the decoder: {@link
 * dev.quarry.generator.tokenizer.ChatTemplate} turns numbered-source messages into the model's own
 * chat format, {@link dev.quarry.generator.tokenizer.TextTokenizer} counts and encodes it, and
 * {@link dev.quarry.generator.tokenizer.StreamingDetokenizer} turns generated ids into whole-UTF-8
 * text deltas for streaming.
 */
package dev.quarry.generator.tokenizer;
