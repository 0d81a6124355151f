package dev.quarry.generator;

import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.tokenizer.ChatTemplate;

/**
 * A model that writes text: what {@link AnswerGenerator} needs of one. {@link OnnxLanguageModel}
 * runs a decoder in process on the chat-templated prompt text; {@link
 * dev.quarry.generator.openai.OpenAiLanguageModel} sends the prompt's messages to an
 * OpenAI-compatible server; a test can script the output token by token.
 */
public interface LanguageModel {

  /**
   * How chat messages become the prompt text: the model's own template, or for a model behind a
   * server (which applies its template itself) a plain rendering whose size stands for it.
   */
  ChatTemplate chatTemplate();

  /** Tokens {@code text} takes with the model's own tokenizer, or an estimate of them. */
  int countTokens(String text);

  /** Prompt and answer together fit in this many tokens. */
  int contextWindow();

  /**
   * Answers {@code prompt} (its chat-templated {@link GroundedPrompt#text() text}, or its {@link
   * GroundedPrompt#messages() messages}), streaming each text delta to {@code listener} in order,
   * on the calling thread. Checks {@code cancellation} before every step and ends with {@link
   * dev.quarry.generator.onnx.FinishReason#CANCELLED} within one step of it. An exception thrown by
   * the listener ends the generation and reaches the caller.
   *
   * @throws GeneratorUnavailableException if the model's server cannot be used now
   * @throws ModelRejectedException if the model's server refuses the request
   * @throws GeneratorException if the prompt does not fit or the model fails
   */
  GenerationResult generate(
      GroundedPrompt prompt,
      GenerationRequest request,
      TokenStreamListener listener,
      CancellationSignal cancellation);
}
