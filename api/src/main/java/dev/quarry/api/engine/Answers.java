package dev.quarry.api.engine;

import dev.quarry.generator.AnswerGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where the ask paths get the answer generator. A normal-scoped bean, so a test can put a generator
 * with a scripted model in its place ({@code QuarkusMock}) and drive REST, SSE and {@code
 * /v1/chat/completions} end to end.
 */
@ApplicationScoped
public class Answers {

  @Inject AnswerGenerator generator;

  public AnswerGenerator generator() {
    return generator;
  }
}
