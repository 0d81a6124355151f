package dev.quarry.api.rest;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.GeneratorUnavailableException;
import dev.quarry.generator.ModelRejectedException;
import io.quarkus.logging.Log;
import java.util.UUID;

/**
 * The problem for a failure of the model that writes answers, by type: the model server unavailable
 * (down, failing, silent past its timeout) is a 503 the client may retry; a request the server
 * refuses (unknown model, bad key) is a 502 only the operator's settings resolve; anything else is
 * a 500. The details, which name the server, go to the log under an id the problem quotes.
 */
final class GeneratorProblems {

  private GeneratorProblems() {}

  static Problem of(GeneratorException e) {
    String id = UUID.randomUUID().toString();
    if (e instanceof GeneratorUnavailableException) {
      Log.warnf("The model server is unavailable (error id %s): %s", id, e.getMessage());
      return Problem.of(
          503,
          "The model server that writes answers is unavailable; try again shortly. The server"
              + " log has the details under "
              + id
              + ".");
    }
    if (e instanceof ModelRejectedException) {
      Log.errorf("The model server refused the request (error id %s): %s", id, e.getMessage());
      return Problem.of(
          502,
          "The model server refused Quarry's request: the operator must check"
              + " quarry.generator.openai.model and quarry.generator.openai.api-key. The server"
              + " log has the details under "
              + id
              + ".");
    }
    Log.errorf(e, "Answering failed (error id %s)", id);
    return Problem.of(
        500,
        "Something went wrong on the server; the server log has the details under " + id + ".");
  }
}
