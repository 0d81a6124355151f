package dev.quarry.generator;

import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.tokenizer.ChatTemplate;

/**
 * A model that writes text: what {@link AnswerGenerator} needs of one. {@link OnnxLanguageModel}
 * runs a decoder in process; a test can script the output token by token.
 */
public interface LanguageModel {

  /** How chat messages become the prompt text. */
  ChatTemplate chatTemplate();

  /** Tokens {@code text} takes with the model's own tokenizer. */
  int countTokens(String text);

  /** Prompt and answer together fit in this many tokens. */
  int contextWindow();

  /**
   * Continues {@code prompt} (chat-templated text), streaming each text delta to {@code listener}
   * in order, on the calling thread. Checks {@code cancellation} before every step and ends with
   * {@link dev.quarry.generator.onnx.FinishReason#CANCELLED} within one step of it. An exception
   * thrown by the listener ends the generation and reaches the caller.
   *
   * @throws GeneratorException if the prompt does not fit or the model fails
   */
  GenerationResult generate(
      String prompt,
      GenerationRequest request,
      TokenStreamListener listener,
      CancellationSignal cancellation);
}
