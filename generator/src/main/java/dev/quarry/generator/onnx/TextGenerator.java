package dev.quarry.generator.onnx;

import dev.quarry.generator.GeneratorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The decoding loop: prefill the prompt once, then one token per step with the KV cache, until
 * every row has met an end-of-sequence id, a stop string, its token budget, the context window or a
 * cancellation.
 *
 * <p>Rows of a batch are left-padded and run in the same forward passes; a finished row keeps being
 * fed its last token (ignored) until the others finish. Thread-safe: every call has its own {@link
 * KvCache} and sequence state.
 */
public final class TextGenerator {

  private final DecoderModel model;
  private final Set<Long> eosIds;

  public TextGenerator(DecoderModel model) {
    this.model = Objects.requireNonNull(model, "model");
    this.eosIds =
        model.config().eosTokenIds().stream().map(Integer::longValue).collect(Collectors.toSet());
  }

  public DecoderModel model() {
    return model;
  }

  /**
   * Generates a continuation of {@code prompt} (already chat-templated text), streaming it.
   *
   * @throws GeneratorException if the prompt does not fit the context window or the model fails
   */
  public GenerationResult generate(
      String prompt,
      GenerationRequest request,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    long[] ids = model.tokenizer().encode(prompt);
    if (ids.length == 0) {
      throw new GeneratorException("the prompt is empty", model.path());
    }
    return generate(List.of(ids), request, List.of(listener), cancellation).get(0);
  }

  /**
   * Generates a continuation for each prompt in one left-padded batch.
   *
   * @param prompts token ids per row, each non-empty
   * @param listeners one per row, in the same order
   * @return one result per row, in the same order
   * @throws GeneratorException if a prompt does not fit the context window or the model fails
   */
  public List<GenerationResult> generate(
      List<long[]> prompts,
      GenerationRequest request,
      List<TokenStreamListener> listeners,
      CancellationSignal cancellation) {
    if (prompts.isEmpty() || prompts.size() != listeners.size()) {
      throw new IllegalArgumentException("need one listener per prompt, and at least one prompt");
    }
    List<SequenceState> rows = new ArrayList<>();
    for (int r = 0; r < prompts.size(); r++) {
      rows.add(new SequenceState(prompts.get(r), request, model.tokenizer(), listeners.get(r)));
    }
    int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
    long start = System.nanoTime();
    long prefillEnd;
    long prefillOnnx;
    long totalOnnx;
    int steps = 0;
    try (KvCache cache = model.newCache(prompts.size())) {
      long[] next = sampleAll(rows, model.prefill(cache, prompts));
      prefillEnd = System.nanoTime();
      prefillOnnx = cache.onnxNanos();
      while (!finishAll(rows, request, longest, cancellation)) {
        next = sampleAll(rows, model.decode(cache, next));
        steps++;
      }
      totalOnnx = cache.onnxNanos();
    }
    long end = System.nanoTime();
    GenerationTimings timings =
        new GenerationTimings(
            prefillEnd - start, end - prefillEnd, prefillOnnx, totalOnnx - prefillOnnx, steps);
    return rows.stream().map(row -> row.result(timings)).toList();
  }

  /**
   * Ends the rows that are cancelled, at their token budget or at the context window.
   *
   * @return true when every row has ended
   */
  private boolean finishAll(
      List<SequenceState> rows,
      GenerationRequest request,
      int longestPrompt,
      CancellationSignal cancellation) {
    for (SequenceState row : rows) {
      if (cancellation.isCancelled()) {
        row.finish(FinishReason.CANCELLED);
      } else if (row.generatedCount() >= request.maxNewTokens()) {
        row.finish(FinishReason.MAX_TOKENS);
      } else if (longestPrompt + row.generatedCount() >= model.config().contextWindow()) {
        row.finish(FinishReason.CONTEXT_FULL);
      }
    }
    return rows.stream().allMatch(SequenceState::finished);
  }

  /** Samples one token per unfinished row; finished rows repeat a dummy token. */
  private long[] sampleAll(List<SequenceState> rows, float[][] logits) {
    long[] next = new long[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      SequenceState row = rows.get(r);
      if (!row.finished()) {
        next[r] = row.sample(logits[r]);
        row.accept(next[r], eosIds);
      }
    }
    return next;
  }
}
