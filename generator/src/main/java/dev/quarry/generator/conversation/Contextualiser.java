package dev.quarry.generator.conversation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rewrites a follow-up by rule, without a model: deterministic, instant, and easy to predict.
 *
 * <ol>
 *   <li>no earlier turn: the question as written;
 *   <li>the question stands alone: as written. It leans on the earlier turn when it is short (at
 *       most {@link #DEFAULT_SHORT_QUESTION} words that name something), when it points back with a
 *       pronoun ("it", "they", "this", "those"…), or when it opens elliptically ("and in mice?",
 *       "what about children?");
 *   <li>else: the question, then the key terms of the previous turn's standalone query (its words
 *       that are no stop word, in order, at most {@link #DEFAULT_MAX_CARRIED}, without those the
 *       question already has). Carrying the previous <em>query</em> rather than question keeps the
 *       subject through a chain of follow-ups.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class Contextualiser implements QueryRewriter {

  /** A question with at most this many words that name something leans on the earlier turn. */
  public static final int DEFAULT_SHORT_QUESTION = 2;

  /** At most this many terms are carried over from the previous query. */
  public static final int DEFAULT_MAX_CARRIED = 16;

  private final int shortQuestion;
  private final int maxCarried;

  public Contextualiser() {
    this(DEFAULT_SHORT_QUESTION, DEFAULT_MAX_CARRIED);
  }

  /**
   * @throws IllegalArgumentException if {@code shortQuestion < 0} or {@code maxCarried < 1}
   */
  public Contextualiser(int shortQuestion, int maxCarried) {
    if (shortQuestion < 0) {
      throw new IllegalArgumentException("shortQuestion must be >= 0, got " + shortQuestion);
    }
    if (maxCarried < 1) {
      throw new IllegalArgumentException("maxCarried must be >= 1, got " + maxCarried);
    }
    this.shortQuestion = shortQuestion;
    this.maxCarried = maxCarried;
  }

  @Override
  public StandaloneQuery rewrite(List<PriorTurn> history, String question) {
    Objects.requireNonNull(history, "history");
    requireQuestion(question);
    if (history.isEmpty() || !leansOnEarlierTurn(question)) {
      return StandaloneQuery.unchanged(question);
    }
    List<String> carried = carriedTerms(history.get(history.size() - 1).query(), question);
    if (carried.isEmpty()) {
      return StandaloneQuery.unchanged(question);
    }
    return new StandaloneQuery(
        question.strip() + " " + String.join(" ", carried), RewriteMethod.CONTEXTUALISED);
  }

  /** Whether {@code question} needs the earlier turn to say what it is about. */
  public boolean leansOnEarlierTurn(String question) {
    return QueryWords.content(question).size() <= shortQuestion
        || QueryWords.refersBack(question)
        || QueryWords.elliptic(question);
  }

  private List<String> carriedTerms(String previousQuery, String question) {
    Set<String> have = new LinkedHashSet<>();
    QueryWords.words(question).forEach(w -> have.add(QueryWords.lower(w)));
    List<String> carried = new ArrayList<>();
    for (String term : QueryWords.content(previousQuery)) {
      if (carried.size() == maxCarried) {
        break;
      }
      if (have.add(QueryWords.lower(term))) {
        carried.add(term);
      }
    }
    return carried;
  }

  static void requireQuestion(String question) {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
  }
}
