package dev.quarry.generator.conversation;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.LanguageModel;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.sampling.SamplingSettings;
import dev.quarry.generator.tokenizer.ChatMessage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a follow-up with the generator model:
 *
 * <ol>
 *   <li>no earlier turn, or a question that stands alone ({@link
 *       Contextualiser#leansOnEarlierTurn}): the question as written, without calling the model;
 *   <li>the prompt: an instruction, the last {@link #DEFAULT_TURNS} turns (answers cut to {@link
 *       #ANSWER_CHARS} characters) and the follow-up; older turns are left out until it fits the
 *       model's window with {@link #MAX_QUERY_TOKENS} to spare;
 *   <li>greedy generation up to the first line break;
 *   <li>the first line, without quotes or a "Query:" label, is the query ({@link
 *       RewriteMethod#MODEL});
 *   <li>the model failed ({@link GeneratorException}: unavailable, refused, prompt too long) or
 *       wrote nothing usable: the {@link Contextualiser}'s query, and a warning in the log.
 * </ol>
 *
 * <p>Thread-safe if the model is.
 */
public final class ModelQueryRewriter implements QueryRewriter {

  /** Earlier turns shown to the model. */
  public static final int DEFAULT_TURNS = 3;

  /** Characters of each earlier answer shown to the model. */
  static final int ANSWER_CHARS = 400;

  /** Tokens the model may write for the query. */
  static final int MAX_QUERY_TOKENS = 64;

  /** A query longer than this is no query: the model wandered off. */
  static final int MAX_QUERY_CHARS = 1000;

  static final String INSTRUCTION =
      "You rewrite the last question of a conversation as one standalone search query. The query"
          + " names the subject the question refers to (replace pronouns such as \"it\" or"
          + " \"they\" and fill in what the question leaves out) and keeps every detail the"
          + " question asks about. Reply with the query only, on one line, without an answer.";

  private static final Logger LOG = LoggerFactory.getLogger(ModelQueryRewriter.class);

  private final LanguageModel model;
  private final Contextualiser fallback;
  private final int turns;

  public ModelQueryRewriter(LanguageModel model) {
    this(model, new Contextualiser(), DEFAULT_TURNS);
  }

  /**
   * @param fallback used for questions that stand alone and when the model fails
   * @throws IllegalArgumentException if {@code turns < 1}
   */
  public ModelQueryRewriter(LanguageModel model, Contextualiser fallback, int turns) {
    this.model = Objects.requireNonNull(model, "model");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    if (turns < 1) {
      throw new IllegalArgumentException("turns must be >= 1, got " + turns);
    }
    this.turns = turns;
  }

  @Override
  public StandaloneQuery rewrite(List<PriorTurn> history, String question) {
    Objects.requireNonNull(history, "history");
    Contextualiser.requireQuestion(question);
    if (history.isEmpty() || !fallback.leansOnEarlierTurn(question)) {
      return StandaloneQuery.unchanged(question);
    }
    GroundedPrompt prompt = prompt(history, question);
    if (prompt == null) {
      LOG.warn("A follow-up does not fit the model's window; the contextualiser rewrote it");
      return fallback.rewrite(history, question);
    }
    try {
      String text =
          model
              .generate(
                  prompt,
                  new GenerationRequest(MAX_QUERY_TOKENS, SamplingSettings.GREEDY, List.of("\n")),
                  TokenStreamListener.NONE,
                  new CancellationSignal())
              .text();
      String query = clean(text);
      if (query.isEmpty() || query.length() > MAX_QUERY_CHARS) {
        LOG.warn("The model wrote no usable query; the contextualiser rewrote the follow-up");
        return fallback.rewrite(history, question);
      }
      return new StandaloneQuery(query, RewriteMethod.MODEL);
    } catch (GeneratorException e) {
      LOG.warn("The model could not rewrite a follow-up; the contextualiser did: {}", e.toString());
      return fallback.rewrite(history, question);
    }
  }

  /** The prompt with as many of the last turns as fit; null when not even one fits. */
  GroundedPrompt prompt(List<PriorTurn> history, String question) {
    int budget = model.contextWindow() - MAX_QUERY_TOKENS;
    for (int shown = Math.min(turns, history.size()); shown >= 1; shown--) {
      List<ChatMessage> messages =
          List.of(
              ChatMessage.system(INSTRUCTION),
              ChatMessage.user(
                  conversation(history.subList(history.size() - shown, history.size()), question)));
      String text = model.chatTemplate().render(messages, true);
      int tokens = model.countTokens(text);
      if (tokens <= budget) {
        return new GroundedPrompt(text, messages, List.of(), List.of(), tokens);
      }
    }
    return null;
  }

  private static String conversation(List<PriorTurn> shown, String question) {
    StringBuilder sb = new StringBuilder("Conversation:\n");
    for (PriorTurn t : shown) {
      sb.append("User: ").append(t.question().strip()).append('\n');
      String answer = t.answer().strip();
      if (!answer.isEmpty()) {
        sb.append("Assistant: ")
            .append(
                answer.length() > ANSWER_CHARS ? answer.substring(0, ANSWER_CHARS) + "…" : answer)
            .append('\n');
      }
    }
    sb.append("\nLast question: ").append(question.strip()).append("\nStandalone query:");
    return sb.toString();
  }

  /** The first non-blank line, without a label or quotes. */
  static String clean(String text) {
    String line =
        text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    for (String label : List.of("standalone query:", "query:")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(label)) {
        line = line.substring(label.length()).strip();
      }
    }
    if (line.length() >= 2
        && (line.startsWith("\"") && line.endsWith("\"")
            || line.startsWith("'") && line.endsWith("'"))) {
      line = line.substring(1, line.length() - 1).strip();
    }
    return line;
  }
}
