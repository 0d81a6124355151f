package dev.quarry.generator;

import dev.quarry.generator.grounding.ExtractiveComposer;
import dev.quarry.generator.grounding.GroundingChecker;
import dev.quarry.generator.grounding.GroundingReport;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.FinishReason;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.CitationParser;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.prompt.ParsedCitations;
import dev.quarry.generator.prompt.PromptBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a question and the retriever's passages into a cited, grounding-checked answer:
 *
 * <ol>
 *   <li>no passages: abstain, saying the knowledge base does not contain the answer;
 *   <li>no generator model installed: compose the answer from the passages' best sentences ({@link
 *       AnswerMode#EXTRACTIVE}), then go to step 5;
 *   <li>build the prompt: instruction, numbered passages packed into the context window;
 *   <li>generate with the KV cache, streaming text deltas to the listener;
 *   <li>map {@code [n]} back to passage ids, dropping and reporting unknown numbers;
 *   <li>check each sentence against the passages it cites, flagging unsupported ones;
 *   <li>abstain if the model said the sources lack the answer or no sentence is supported.
 * </ol>
 *
 * <p>When step 7 abstains after streaming, the final {@link Answer} replaces the streamed text.
 * Thread-safe.
 */
public final class AnswerGenerator {

  /** What an abstaining answer says. */
  public static final String ABSTENTION =
      "The knowledge base does not contain information to answer this question.";

  private final Optional<TextGenerator> generator;
  private final PromptBuilder promptBuilder;
  private final ExtractiveComposer composer;
  private final GroundingChecker checker;
  private final CitationParser citations = new CitationParser();
  private final AnswerSettings settings;

  /**
   * @param generator the model, or empty for extractive answers
   * @param embedder sentence embeddings for grounding and extraction
   */
  public AnswerGenerator(
      Optional<TextGenerator> generator, SentenceEmbedder embedder, AnswerSettings settings) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.composer = new ExtractiveComposer(embedder);
    this.checker = new GroundingChecker(embedder);
    this.promptBuilder =
        generator
            .map(
                g ->
                    new PromptBuilder(
                        g.model().chatTemplate(),
                        g.model().tokenizer()::count,
                        g.model().config().contextWindow(),
                        Math.min(
                            settings.maxAnswerTokens(), g.model().config().contextWindow() / 2),
                        settings.instruction()))
            .orElse(null);
  }

  /**
   * Answers {@code question} from {@code sources} (most relevant first).
   *
   * @throws GeneratorException if the model fails
   */
  public Answer answer(
      String question,
      List<Source> sources,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    if (sources.isEmpty()) {
      return Answer.abstained(ABSTENTION);
    }
    if (generator.isEmpty()) {
      return extractive(question, sources, listener);
    }
    GroundedPrompt prompt = promptBuilder.build(question, sources);
    GenerationResult generated =
        generator
            .get()
            .generate(
                prompt.text(),
                new GenerationRequest(settings.maxAnswerTokens(), settings.sampling(), List.of()),
                listener,
                cancellation);
    ParsedCitations parsed = citations.parse(generated.text(), prompt.numbered());
    GroundingReport grounding = checker.check(parsed.text(), prompt.numbered());
    boolean cancelled = generated.finishReason() == FinishReason.CANCELLED;
    if (!cancelled && (saysNotInSources(parsed.text()) || !grounding.anySupported())) {
      return Answer.abstained(ABSTENTION);
    }
    return new Answer(
        parsed.text(),
        AnswerMode.GENERATED,
        parsed.citations(),
        parsed.unknownNumbers(),
        grounding,
        generated.promptTokens(),
        generated.tokenIds().length,
        cancelled);
  }

  private Answer extractive(String question, List<Source> sources, TokenStreamListener listener) {
    Optional<String> composed = composer.compose(question, sources);
    if (composed.isEmpty()) {
      return Answer.abstained(ABSTENTION);
    }
    listener.onText(composed.get());
    ParsedCitations parsed = citations.parse(composed.get(), sources);
    return new Answer(
        parsed.text(),
        AnswerMode.EXTRACTIVE,
        parsed.citations(),
        parsed.unknownNumbers(),
        checker.check(parsed.text(), sources),
        0,
        0,
        false);
  }

  private static boolean saysNotInSources(String text) {
    return text.toLowerCase(Locale.ROOT).contains("knowledge base does not contain");
  }
}
