package dev.quarry.generator.grounding;

import dev.quarry.generator.Source;

/**
 * A source sentence as a reader meets it: after the headings of the section it stands in, else
 * after its document's title. "These results suggest it halves the risk" says little alone; under
 * "Aspirin and colorectal cancer" it answers a question about aspirin. The extractive composer
 * ranks sentences embedded this way ({@link EvidenceSentence#inContext()}).
 */
final class SentenceContext {

  private SentenceContext() {}

  /**
   * The heading path joined by {@code " › "}, else the title; empty when the source has neither.
   */
  static String of(Source source) {
    return source.headingPath().isEmpty()
        ? source.title().strip()
        : String.join(" › ", source.headingPath()).strip();
  }

  /** {@code "context. sentence"}, or the sentence alone when the context is empty. */
  static String apply(String context, String sentence) {
    if (context.isEmpty()) {
      return sentence;
    }
    char last = context.charAt(context.length() - 1);
    return context + (last == '.' || last == '?' || last == '!' ? " " : ". ") + sentence;
  }
}
