package dev.quarry.api.rest;

import dev.quarry.api.ApiException;
import dev.quarry.generator.GeneratorException;

/** Problems for errors that happen after a stream has started (no status line left to set). */
final class ProblemEvents {

  private ProblemEvents() {}

  static Problem toProblem(RuntimeException e) {
    if (e instanceof ApiException a) {
      return Problem.of(a.status(), a.getMessage());
    }
    if (e instanceof GeneratorException g) {
      return GeneratorProblems.of(g);
    }
    return Problem.of(500, "Answering failed on the server; see the server log.");
  }
}
