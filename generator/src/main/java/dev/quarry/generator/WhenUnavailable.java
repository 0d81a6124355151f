package dev.quarry.generator;

/** What {@link AnswerGenerator} does when the model that writes answers is unavailable. */
public enum WhenUnavailable {
  /** Throw the {@link GeneratorUnavailableException}: the caller answers "try again later". */
  FAIL,
  /**
   * Answer extractively from the passages instead, with {@link Answer#notice()} saying why the
   * model did not write it.
   */
  EXTRACTIVE
}
