package dev.quarry.generator;

/** How an answer was written. */
public enum AnswerMode {
  /** By the generator model, from the numbered sources. */
  GENERATED,
  /** From the sources' own sentences, because no generator model is installed. */
  EXTRACTIVE,
  /** Not at all: the sources do not support an answer, and the answer says so. */
  ABSTAINED
}
