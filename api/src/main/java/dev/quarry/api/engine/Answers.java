package dev.quarry.api.engine;

import dev.quarry.generator.AnswerGenerator;
import dev.quarry.generator.conversation.Contextualiser;
import dev.quarry.generator.conversation.ModelQueryRewriter;
import dev.quarry.generator.conversation.QueryRewriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where the ask paths get the answer generator and the rewriter of follow-ups. A normal-scoped
 * bean, so a test can put a generator with a scripted model in its place ({@code QuarkusMock}) and
 * drive REST, SSE and {@code /v1/chat/completions} end to end.
 */
@ApplicationScoped
public class Answers {

  private static final Contextualiser CONTEXTUALISER = new Contextualiser();

  @Inject AnswerGenerator generator;

  public AnswerGenerator generator() {
    return generator;
  }

  /**
   * How follow-ups become standalone queries: by the generator's model when answers are written by
   * one ({@link ModelQueryRewriter}, which falls back to the contextualiser when the model fails),
   * else by the {@link Contextualiser}.
   */
  public QueryRewriter rewriter() {
    return generator().model().<QueryRewriter>map(ModelQueryRewriter::new).orElse(CONTEXTUALISER);
  }

  /** The rule-based rewriter, whatever the generator: cheap enough to replay a whole history. */
  public Contextualiser contextualiser() {
    return CONTEXTUALISER;
  }
}
