package dev.quarry.generator.onnx;

import dev.quarry.generator.sampling.RepetitionPenalty;
import dev.quarry.generator.sampling.Sampler;
import dev.quarry.generator.tokenizer.StreamingDetokenizer;
import dev.quarry.generator.tokenizer.TextTokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One row of a generation: its sampler, the ids it has seen, its text so far and what of that text
 * the listener has already received. Holds back any tail that might begin a stop string.
 */
final class SequenceState {

  private final Sampler sampler;
  private final RepetitionPenalty penalty;
  private final StreamingDetokenizer detokenizer;
  private final List<String> stopStrings;
  private final TokenStreamListener listener;
  private final int promptTokens;
  private long[] seen; // prompt then generated ids
  private int seenCount;
  private final StringBuilder text = new StringBuilder();
  private int emitted;
  private FinishReason finish;

  SequenceState(
      long[] prompt, GenerationRequest request, TextTokenizer tokenizer, TokenStreamListener l) {
    this.sampler = request.sampling().newSampler();
    this.penalty = request.sampling().penalty();
    this.detokenizer = new StreamingDetokenizer(tokenizer);
    this.stopStrings = request.stopStrings();
    this.listener = l;
    this.promptTokens = prompt.length;
    this.seen = Arrays.copyOf(prompt, prompt.length + request.maxNewTokens());
    this.seenCount = prompt.length;
  }

  boolean finished() {
    return finish != null;
  }

  int generatedCount() {
    return seenCount - promptTokens;
  }

  /** Samples the next token from this row's logits (which it may overwrite). */
  long sample(float[] logits) {
    penalty.apply(logits, seen, seenCount);
    return sampler.sample(logits);
  }

  /** Records a generated token; ends the sequence on an end-of-sequence id or a stop string. */
  void accept(long token, Set<Long> eosIds) {
    seen[seenCount++] = token;
    if (eosIds.contains(token)) {
      finish(FinishReason.END_OF_SEQUENCE);
      return;
    }
    int before = text.length();
    text.append(detokenizer.push(token));
    if (!stopAt(before)) {
      emit(text.length() - heldBack());
    }
  }

  /** Ends the sequence (no-op if it already ended), passing on the text held back so far. */
  void finish(FinishReason reason) {
    if (finish != null) {
      return;
    }
    finish = reason;
    int before = text.length();
    text.append(detokenizer.flush());
    if (!stopAt(before)) {
      emit(text.length());
    }
  }

  GenerationResult result(GenerationTimings timings) {
    return new GenerationResult(
        text.toString(),
        Arrays.copyOfRange(seen, promptTokens, seenCount),
        promptTokens,
        finish,
        timings);
  }

  /** Cuts the text at the first stop string that ends after {@code from}; true if one did. */
  private boolean stopAt(int from) {
    for (String stop : stopStrings) {
      int index = text.indexOf(stop, Math.max(0, from - stop.length() + 1));
      if (index >= 0) {
        text.setLength(index);
        emit(index);
        if (finish == null) {
          finish = FinishReason.STOP_STRING;
        }
        return true;
      }
    }
    return false;
  }

  /** Length of the longest text suffix that is a proper prefix of some stop string. */
  private int heldBack() {
    String current = text.toString();
    int held = 0;
    for (String stop : stopStrings) {
      for (int n = Math.min(stop.length() - 1, current.length()); n > held; n--) {
        if (current.regionMatches(current.length() - n, stop, 0, n)) {
          held = n;
          break;
        }
      }
    }
    return held;
  }

  private void emit(int upTo) {
    if (upTo > emitted) {
      listener.onText(text.substring(emitted, upTo));
      emitted = upTo;
    }
  }
}
