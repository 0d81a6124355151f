package dev.quarry.generator.prompt;

import dev.quarry.generator.grounding.SentenceSplitter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The structured way a model says the sources lack the answer: every prompt, whatever its
 * instruction, ends the system message with {@link #RULE}, which asks for {@link #SENTINEL}; the
 * parser recognises the sentinel however the model dresses it (case, spaces for underscores,
 * quotes, a full stop). Thread-safe; stateless.
 */
public final class AbstentionSignal {

  /** What the model writes when the sources do not contain the answer. */
  public static final String SENTINEL = "NOT_IN_SOURCES";

  /** The rule appended to every system instruction. */
  public static final String RULE = "If the sources lack the answer, reply only " + SENTINEL + ".";

  private static final Pattern SENTINEL_PATTERN =
      Pattern.compile("not[ _]in[ _]sources", Pattern.CASE_INSENSITIVE);

  private AbstentionSignal() {}

  /**
   * The answer without the sentences that carry the sentinel.
   *
   * @return the rest of the answer, or empty when the model declined: nothing with a letter or
   *     digit is left once the sentinel's sentences are gone
   */
  public static Optional<String> remove(String answer) {
    if (!SENTINEL_PATTERN.matcher(answer).find()) {
      return Optional.of(answer);
    }
    StringBuilder kept = new StringBuilder();
    for (SentenceSplitter.Span s : SentenceSplitter.spans(answer)) {
      String sentence = answer.substring(s.start(), s.end());
      if (!SENTINEL_PATTERN.matcher(sentence).find()) {
        kept.append(kept.length() == 0 ? "" : " ").append(sentence);
      }
    }
    String rest = kept.toString().strip();
    return rest.codePoints().anyMatch(Character::isLetterOrDigit)
        ? Optional.of(rest)
        : Optional.empty();
  }
}
