package dev.quarry.generator.prompt;

/** Counts the tokens a text takes with the model's own tokenizer ({@code TextTokenizer::count}). */
@FunctionalInterface
public interface TokenCounter {
  int count(String text);
}
