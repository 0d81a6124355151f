package dev.quarry.generator.testing;

import dev.quarry.generator.LanguageModel;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.FinishReason;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.GenerationTimings;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.tokenizer.ChatTemplate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A language model whose output is a script: one text delta per step, in order, under the same
 * contract as the ONNX engine (cancellation checked before every step, the listener called on the
 * generating thread, a budget of {@code maxNewTokens} steps). It records every prompt it was given
 * and how many steps it ran, so a test can assert what the model saw and when it stopped.
 */
public final class ScriptedLanguageModel implements LanguageModel {

  /** A ChatML-like template: enough structure for prompts to be asserted on. */
  private static final ChatTemplate TEMPLATE =
      new ChatTemplate(
          "{% for m in messages %}<|{{ m.role }}|>\n{{ m.content }}\n{% endfor %}"
              + "{% if add_generation_prompt %}<|assistant|>\n{% endif %}",
          "", "");

  private final List<String> script;
  private final IntConsumer beforeStep;
  private final List<String> prompts = new CopyOnWriteArrayList<>();
  private final AtomicInteger steps = new AtomicInteger();

  /**
   * @param script the deltas, one per step
   * @param beforeStep called with the step's index before each step (for example to wait for a
   *     test's signal); runs on the generating thread
   */
  public ScriptedLanguageModel(List<String> script, IntConsumer beforeStep) {
    this.script = List.copyOf(script);
    this.beforeStep = beforeStep;
  }

  public ScriptedLanguageModel(String... script) {
    this(List.of(script), step -> {});
  }

  /** Prompts given to {@link #generate}, in order. */
  public List<String> prompts() {
    return List.copyOf(prompts);
  }

  /** Steps run so far, over every call: each emitted one delta. */
  public int steps() {
    return steps.get();
  }

  @Override
  public ChatTemplate chatTemplate() {
    return TEMPLATE;
  }

  @Override
  public int countTokens(String text) {
    return text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }

  @Override
  public int contextWindow() {
    return 8192;
  }

  @Override
  public GenerationResult generate(
      GroundedPrompt prompt,
      GenerationRequest request,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    prompts.add(prompt.text());
    StringBuilder text = new StringBuilder();
    FinishReason finish = FinishReason.END_OF_SEQUENCE;
    int step = 0;
    for (; step < script.size(); step++) {
      if (step >= request.maxNewTokens()) {
        finish = FinishReason.MAX_TOKENS;
        break;
      }
      beforeStep.accept(step);
      if (cancellation.isCancelled()) {
        finish = FinishReason.CANCELLED;
        break;
      }
      steps.incrementAndGet();
      text.append(script.get(step));
      listener.onText(script.get(step));
    }
    return new GenerationResult(
        text.toString(),
        new long[step],
        countTokens(prompt.text()),
        finish,
        new GenerationTimings(0, 0, 0, 0, step));
  }
}
