package dev.quarry.generator.openai;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.quarry.generator.onnx.FinishReason;
import java.util.Objects;

/**
 * What the server wrote for one prompt.
 *
 * @param text the answer text
 * @param finish why it ended
 * @param promptTokens the prompt's tokens as the server counted them, or -1 when it did not say
 * @param answerTokens the answer's tokens as the server counted them, or -1 when it did not say
 */
record RemoteReply(String text, FinishReason finish, int promptTokens, int answerTokens) {

  RemoteReply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finish, "finish");
  }

  /** The text a caller's cancellation cut short. */
  static RemoteReply cancelled(String text) {
    return new RemoteReply(text, FinishReason.CANCELLED, -1, -1);
  }

  static RemoteReply of(ChatResponse response) {
    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    TokenUsage usage = response.tokenUsage();
    return new RemoteReply(
        text == null ? "" : text,
        response.finishReason() == dev.langchain4j.model.output.FinishReason.LENGTH
            ? FinishReason.MAX_TOKENS
            : FinishReason.END_OF_SEQUENCE,
        usage == null || usage.inputTokenCount() == null ? -1 : usage.inputTokenCount(),
        usage == null || usage.outputTokenCount() == null ? -1 : usage.outputTokenCount());
  }
}
