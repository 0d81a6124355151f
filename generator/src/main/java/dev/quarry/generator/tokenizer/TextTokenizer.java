package dev.quarry.generator.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A model's own {@code tokenizer.json}, run by Hugging Face {@code tokenizers} through DJL.
 *
 * <p>Never truncates, never pads and adds no special tokens: the chat template already wrote them
 * into the text, as Hugging Face's {@code apply_chat_template} does. Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * Loads a {@code tokenizer.json}.
   *
   * @throws GeneratorException if the file cannot be read or is not a valid tokenizer
   */
  public static TextTokenizer load(Path tokenizerJson) {
    Objects.requireNonNull(tokenizerJson, "tokenizerJson");
    try (InputStream in = Files.newInputStream(tokenizerJson)) {
      return new TextTokenizer(
          HuggingFaceTokenizer.newInstance(
              in, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false")));
    } catch (IOException | RuntimeException e) {
      throw new GeneratorException(
          "malformed tokenizer.json: " + e.getMessage(), tokenizerJson.getParent(), e);
    }
  }

  /** Token ids of {@code text}, special-token markers in it included as their ids. */
  public long[] encode(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** Number of tokens {@code text} takes. */
  public int count(String text) {
    return encode(text).length;
  }

  /**
   * Text of {@code ids}; incomplete UTF-8 at the ends decodes to U+FFFD, which {@link
   * StreamingDetokenizer} uses to hold such pieces back.
   */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    return tokenizer.decode(ids, skipSpecialTokens);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
