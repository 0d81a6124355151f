package dev.quarry.generator.prompt;

import dev.quarry.generator.Source;
import dev.quarry.generator.tokenizer.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * A prompt ready for the model, and which sources made it in.
 *
 * @param text the chat-templated prompt, generation prompt included
 * @param messages the messages it was rendered from
 * @param numbered the sources in the prompt: {@code numbered.get(i)} is cited as {@code [i+1]}
 * @param dropped sources that did not fit the token budget, in the order given
 * @param tokens tokens in {@code text}
 */
public record GroundedPrompt(
    String text,
    List<ChatMessage> messages,
    List<Source> numbered,
    List<Source> dropped,
    int tokens) {
  public GroundedPrompt {
    Objects.requireNonNull(text, "text");
    messages = List.copyOf(messages);
    numbered = List.copyOf(numbered);
    dropped = List.copyOf(dropped);
  }
}
