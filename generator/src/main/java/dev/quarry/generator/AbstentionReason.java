package dev.quarry.generator;

/** Why an answer was declined ({@link AnswerMode#ABSTAINED}). */
public enum AbstentionReason {
  /** The search found no passage at all. */
  NO_PASSAGES,
  /** The best passages do not hold the question's subject: the evidence is below the threshold. */
  WEAK_EVIDENCE,
  /** The model said the sources lack the answer (the prompt's sentinel). */
  MODEL_DECLINED,
  /** The model wrote an answer, but no sentence of it is backed by the source it cites. */
  NOT_GROUNDED
}
