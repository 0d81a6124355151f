package dev.quarry.generator;

import dev.quarry.generator.grounding.Answerability;
import dev.quarry.generator.grounding.Evidence;
import dev.quarry.generator.grounding.EvidenceScorer;
import dev.quarry.generator.grounding.ExtractiveComposer;
import dev.quarry.generator.grounding.GroundingChecker;
import dev.quarry.generator.grounding.GroundingReport;
import dev.quarry.generator.grounding.SentenceEmbedder;
import dev.quarry.generator.grounding.SupportScore;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.FinishReason;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.AbstentionSignal;
import dev.quarry.generator.prompt.CitationParser;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.prompt.ParsedCitations;
import dev.quarry.generator.prompt.PromptBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a question and the retriever's passages into a cited, grounding-checked answer, or a
 * structured refusal:
 *
 * <ol>
 *   <li>no passages: abstain ({@link AbstentionReason#NO_PASSAGES});
 *   <li>score every passage sentence against the question ({@link EvidenceScorer}); evidence below
 *       the threshold: abstain ({@link AbstentionReason#WEAK_EVIDENCE}, {@link Answerability});
 *   <li>no generator model installed: compose the answer from the passages' best sentences ({@link
 *       AnswerMode#EXTRACTIVE}, {@link ExtractiveComposer}), then go to step 7;
 *   <li>build the prompt: instruction and the sentinel rule, numbered passages packed into the
 *       context window;
 *   <li>generate, streaming text deltas to the listener; a model server that is unavailable fails
 *       the answer ({@link WhenUnavailable#FAIL}) or has it composed as in step 3, with a {@link
 *       Answer#notice() notice} ({@link WhenUnavailable#EXTRACTIVE});
 *   <li>the model wrote only the sentinel: abstain ({@link AbstentionReason#MODEL_DECLINED});
 *   <li>map {@code [n]} back to passage ids, dropping and reporting unknown numbers;
 *   <li>check each sentence against the passages it cites, flagging unsupported ones; none
 *       supported: abstain ({@link AbstentionReason#NOT_GROUNDED}).
 * </ol>
 *
 * <p>A cancelled {@link CancellationSignal} is honoured before scoring, before generating or
 * composing, during generation and before the grounding check: the answer then comes back {@link
 * Answer#cancelled() cancelled}.
 *
 * <p>When a later step abstains after streaming, the final {@link Answer} replaces the streamed
 * text. Thread-safe if the embedder and model are.
 */
public final class AnswerGenerator {

  /** What an abstaining answer says. */
  public static final String ABSTENTION =
      "The knowledge base does not contain information to answer this question.";

  /** The notice of an extractive answer given because the model server was unavailable. */
  public static final String UNAVAILABLE_NOTICE =
      "The model server that writes answers is unavailable, so this answer quotes the passages"
          + " instead.";

  private static final Logger LOG = LoggerFactory.getLogger(AnswerGenerator.class);

  private final Optional<LanguageModel> model;
  private final PromptBuilder promptBuilder;
  private final EvidenceScorer scorer;
  private final EvidenceScorer extractiveScorer;
  private final WhenUnavailable whenUnavailable;
  private final ExtractiveComposer composer;
  private final GroundingChecker checker;
  private final CitationParser citations = new CitationParser();
  private final AnswerSettings settings;

  /**
   * A generator that fails an answer when the model is unavailable ({@link WhenUnavailable#FAIL}).
   *
   * @param model the model, or empty for extractive answers
   * @param embedder sentence embeddings for evidence, grounding and extraction
   */
  public AnswerGenerator(
      Optional<LanguageModel> model, SentenceEmbedder embedder, AnswerSettings settings) {
    this(model, embedder, settings, WhenUnavailable.FAIL);
  }

  /**
   * @param model the model, or empty for extractive answers
   * @param embedder sentence embeddings for evidence, grounding and extraction
   * @param whenUnavailable what to do when the model throws {@link GeneratorUnavailableException}
   */
  public AnswerGenerator(
      Optional<LanguageModel> model,
      SentenceEmbedder embedder,
      AnswerSettings settings,
      WhenUnavailable whenUnavailable) {
    this.model = Objects.requireNonNull(model, "model");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.whenUnavailable = Objects.requireNonNull(whenUnavailable, "whenUnavailable");
    // Sentences read in context rank extractive picks only; a model's answers need no such score.
    this.scorer = new EvidenceScorer(embedder, SupportScore.DEFAULT, model.isEmpty());
    this.extractiveScorer = new EvidenceScorer(embedder, SupportScore.DEFAULT, true);
    this.composer = ExtractiveComposer.withMaxSentences(settings.maxSentences());
    this.checker = new GroundingChecker(embedder);
    this.promptBuilder =
        model
            .map(
                m ->
                    new PromptBuilder(
                        m.chatTemplate(),
                        m::countTokens,
                        m.contextWindow(),
                        Math.min(settings.maxAnswerTokens(), m.contextWindow() / 2),
                        settings.instruction()))
            .orElse(null);
  }

  public AnswerSettings settings() {
    return settings;
  }

  /** Whether answers are written by a model (else they are extractive). */
  public boolean generates() {
    return model.isPresent();
  }

  /** The model that writes answers; empty when they are extractive. */
  public Optional<LanguageModel> model() {
    return model;
  }

  /**
   * Answers {@code question} from {@code sources} (most relevant first) with the default threshold.
   *
   * @throws GeneratorUnavailableException if the model's server cannot be used now and the
   *     generator was built with {@link WhenUnavailable#FAIL}
   * @throws GeneratorException if the model fails
   */
  public Answer answer(
      String question,
      List<Source> sources,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    return answer(question, sources, settings.minEvidence(), listener, cancellation);
  }

  /**
   * Answers {@code question} from {@code sources} (most relevant first).
   *
   * @param minEvidence the evidence strength needed to answer, in [0, 1]; 0 never declines for weak
   *     evidence
   * @throws IllegalArgumentException if {@code minEvidence} is outside [0, 1]
   * @throws GeneratorUnavailableException if the model's server cannot be used now and the
   *     generator was built with {@link WhenUnavailable#FAIL}
   * @throws GeneratorException if the model fails
   */
  public Answer answer(
      String question,
      List<Source> sources,
      double minEvidence,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    Answerability.checkThreshold(minEvidence);
    if (sources.isEmpty()) {
      return Answer.abstained(AbstentionReason.NO_PASSAGES, 0, 0, 0);
    }
    if (cancellation.isCancelled()) {
      return cancelled(0);
    }
    Evidence evidence = scorer.score(question, sources);
    Answerability.Verdict verdict = Answerability.judge(evidence, minEvidence);
    if (!verdict.answerable()) {
      return Answer.abstained(AbstentionReason.WEAK_EVIDENCE, verdict.strength(), 0, 0);
    }
    if (cancellation.isCancelled()) {
      return cancelled(verdict.strength());
    }
    if (model.isEmpty()) {
      return extractive(evidence, sources, verdict.strength(), listener, cancellation);
    }
    try {
      return generated(question, sources, verdict.strength(), listener, cancellation);
    } catch (GeneratorUnavailableException e) {
      if (whenUnavailable == WhenUnavailable.FAIL) {
        throw e;
      }
      LOG.warn("Answering extractively: {}", e.getMessage());
      Evidence full = extractiveScorer.score(question, sources);
      return extractive(full, sources, verdict.strength(), listener, cancellation)
          .withNotice(UNAVAILABLE_NOTICE);
    }
  }

  private Answer generated(
      String question,
      List<Source> sources,
      double strength,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    GroundedPrompt prompt = promptBuilder.build(question, sources);
    GenerationResult generated =
        model
            .get()
            .generate(
                prompt,
                new GenerationRequest(settings.maxAnswerTokens(), settings.sampling(), List.of()),
                listener,
                cancellation);
    int promptTokens = generated.promptTokens();
    int answerTokens = generated.tokenIds().length;
    boolean cancelled = generated.finishReason() == FinishReason.CANCELLED;
    Optional<String> said = AbstentionSignal.remove(generated.text());
    if (said.isEmpty() && !cancelled) {
      return Answer.abstained(
          AbstentionReason.MODEL_DECLINED, strength, promptTokens, answerTokens);
    }
    ParsedCitations parsed = citations.parse(said.orElse(""), prompt.numbered());
    GroundingReport grounding = checker.check(parsed.text(), prompt.numbered());
    if (!cancelled && !grounding.anySupported()) {
      return Answer.abstained(AbstentionReason.NOT_GROUNDED, strength, promptTokens, answerTokens);
    }
    return new Answer(
        parsed.text(),
        AnswerMode.GENERATED,
        null,
        strength,
        parsed.citations(),
        parsed.unknownNumbers(),
        grounding,
        promptTokens,
        answerTokens,
        cancelled,
        null);
  }

  private Answer extractive(
      Evidence evidence,
      List<Source> sources,
      double strength,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    Optional<String> composed = composer.compose(evidence, sources);
    if (composed.isEmpty()) {
      return Answer.abstained(AbstentionReason.WEAK_EVIDENCE, strength, 0, 0);
    }
    listener.onText(composed.get());
    if (cancellation.isCancelled()) {
      return cancelled(strength); // no grounding check for a client that has gone
    }
    ParsedCitations parsed = citations.parse(composed.get(), sources);
    return new Answer(
        parsed.text(),
        AnswerMode.EXTRACTIVE,
        null,
        strength,
        parsed.citations(),
        parsed.unknownNumbers(),
        checker.check(parsed.text(), sources),
        0,
        0,
        false,
        null);
  }

  private static Answer cancelled(double strength) {
    return new Answer(
        "",
        AnswerMode.EXTRACTIVE,
        null,
        strength,
        List.of(),
        List.of(),
        GroundingReport.EMPTY,
        0,
        0,
        true,
        null);
  }
}
