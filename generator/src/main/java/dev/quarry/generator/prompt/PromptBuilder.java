package dev.quarry.generator.prompt;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.Source;
import dev.quarry.generator.tokenizer.ChatMessage;
import dev.quarry.generator.tokenizer.ChatTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Builds the grounded prompt: an instruction to answer only from the sources and cite them as
 * {@code [n]}, followed by the rule that asks for {@link AbstentionSignal#SENTINEL} when they fall
 * short, then the sources, numbered, most relevant first, as many as fit the context window minus
 * the answer budget, counted in the model's own tokens. Thread-safe.
 */
public final class PromptBuilder {

  /**
   * The default system instruction. Whatever the instruction, {@link AbstentionSignal#RULE} follows
   * it, so a custom instruction still lets the model decline.
   */
  public static final String DEFAULT_INSTRUCTION =
      "You answer questions using only the numbered sources below. Cite the source of every"
          + " sentence with its number in square brackets, like [1] or [2][3]. Do not use any"
          + " other knowledge.";

  private final ChatTemplate template;
  private final ToIntFunction<String> counter;
  private final int contextWindow;
  private final int answerBudget;
  private final String instruction;

  /**
   * @param template the model's chat template
   * @param counter the tokens a text takes with the model's own tokenizer (such as {@code
   *     TextTokenizer::count}); a plain function, as the one {@code TokenCounter} interface belongs
   *     to the embedding model in the retriever
   * @param contextWindow the model's context window in tokens
   * @param answerBudget tokens kept free for the answer
   * @throws IllegalArgumentException if the budget leaves no room for a prompt
   */
  public PromptBuilder(
      ChatTemplate template,
      ToIntFunction<String> counter,
      int contextWindow,
      int answerBudget,
      String instruction) {
    this.template = Objects.requireNonNull(template, "template");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.instruction = Objects.requireNonNull(instruction, "instruction");
    if (answerBudget < 1 || answerBudget >= contextWindow) {
      throw new IllegalArgumentException(
          "answerBudget must be in [1, contextWindow), got "
              + answerBudget
              + " of "
              + contextWindow);
    }
    this.contextWindow = contextWindow;
    this.answerBudget = answerBudget;
  }

  /**
   * Numbers and packs the sources, skipping any that would overflow the budget.
   *
   * @param sources most relevant first
   * @throws GeneratorException if there are no sources, or not even the question fits
   */
  public GroundedPrompt build(String question, List<Source> sources) {
    Objects.requireNonNull(question, "question");
    if (sources.isEmpty()) {
      throw new GeneratorException("no sources to answer from: the source list is empty");
    }
    int budget = contextWindow - answerBudget;
    List<Source> numbered = new ArrayList<>();
    List<Source> dropped = new ArrayList<>();
    int bare = render(question, numbered, dropped).tokens();
    if (bare > budget) {
      throw new GeneratorException(
          "the question alone takes " + bare + " tokens; the budget is " + budget);
    }
    for (Source source : sources) {
      numbered.add(source);
      if (render(question, numbered, dropped).tokens() > budget) {
        numbered.remove(numbered.size() - 1);
        dropped.add(source);
      }
    }
    return render(question, numbered, dropped);
  }

  private GroundedPrompt render(String question, List<Source> numbered, List<Source> dropped) {
    StringBuilder user = new StringBuilder("Sources:\n");
    for (int i = 0; i < numbered.size(); i++) {
      Source s = numbered.get(i);
      user.append('[').append(i + 1).append("] ");
      if (!s.title().isBlank()) {
        user.append(s.title().strip()).append('\n');
      }
      user.append(s.text().strip()).append("\n\n");
    }
    user.append("Question: ").append(question.strip());
    List<ChatMessage> messages =
        List.of(
            ChatMessage.system(instruction.strip() + "\n\n" + AbstentionSignal.RULE),
            ChatMessage.user(user.toString()));
    String text = template.render(messages, true);
    return new GroundedPrompt(text, messages, numbered, dropped, counter.applyAsInt(text));
  }
}
