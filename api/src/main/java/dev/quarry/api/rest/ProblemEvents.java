package dev.quarry.api.rest;

/**
 * Problems for errors that happen after a stream has started (no status line left to set): the same
 * mapping by type as a plain response ({@link Problems}).
 */
final class ProblemEvents {

  private ProblemEvents() {}

  static Problem toProblem(RuntimeException e) {
    return Problems.of(e).problem();
  }
}
