package dev.quarry.generator.prompt;

/**
 * One source the answer cites.
 *
 * @param number the {@code [n]} in the answer
 * @param sourceId the cited source's id
 */
public record Citation(int number, String sourceId) {}
