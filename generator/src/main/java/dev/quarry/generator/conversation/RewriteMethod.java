package dev.quarry.generator.conversation;

/** How a {@link StandaloneQuery} came about. */
public enum RewriteMethod {
  /** The question stood alone (or there was nothing earlier to lean on): used as written. */
  UNCHANGED,
  /** The {@link Contextualiser} added the earlier query's key terms. */
  CONTEXTUALISED,
  /** The generator model rewrote it ({@link ModelQueryRewriter}). */
  MODEL
}
