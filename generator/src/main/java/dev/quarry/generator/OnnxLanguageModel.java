package dev.quarry.generator;

import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.tokenizer.ChatTemplate;
import java.util.Objects;

/** A decoder run in process by ONNX Runtime ({@link TextGenerator}) as a {@link LanguageModel}. */
public final class OnnxLanguageModel implements LanguageModel {

  private final TextGenerator generator;

  public OnnxLanguageModel(TextGenerator generator) {
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  @Override
  public ChatTemplate chatTemplate() {
    return generator.model().chatTemplate();
  }

  @Override
  public int countTokens(String text) {
    return generator.model().tokenizer().count(text);
  }

  @Override
  public int contextWindow() {
    return generator.model().config().contextWindow();
  }

  @Override
  public GenerationResult generate(
      GroundedPrompt prompt,
      GenerationRequest request,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    return generator.generate(prompt.text(), request, listener, cancellation);
  }
}
