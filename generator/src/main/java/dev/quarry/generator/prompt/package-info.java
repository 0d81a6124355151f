/**
 * Around the model call: {@link dev.quarry.generator.prompt.PromptBuilder} turns the question and
 * the retriever's passages into a numbered, token-budgeted prompt before generation; {@link
 * dev.quarry.generator.prompt.CitationParser} maps the answer's {@code [n]} back to passage ids
 * after it.
 */
package dev.quarry.generator.prompt;
