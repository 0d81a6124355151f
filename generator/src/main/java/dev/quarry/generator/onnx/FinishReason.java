package dev.quarry.generator.onnx;

/** Why a generation ended. */
public enum FinishReason {
  /** The model produced an end-of-sequence token. */
  END_OF_SEQUENCE,
  /** A stop string appeared; the text ends before it. */
  STOP_STRING,
  /** {@code maxNewTokens} were generated. */
  MAX_TOKENS,
  /** The context window is full. */
  CONTEXT_FULL,
  /** The caller cancelled; the text is what was generated until then. */
  CANCELLED
}
