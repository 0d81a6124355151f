package dev.quarry.generator.tokenizer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns generated token ids, one at a time, into text deltas that are always whole characters.
 *
 * <p>Byte-level BPE splits a multi-byte character over several tokens, and SentencePiece-style
 * tokenizers drop a word's leading space when its token is decoded alone. So each delta is the
 * difference between decoding a short window with and without the newest tokens (the scheme of
 * Hugging Face's text-generation-inference); while the window's text ends in U+FFFD the bytes are
 * incomplete and nothing is emitted. Not thread-safe: one instance per generated sequence.
 */
public final class StreamingDetokenizer {

  private static final char REPLACEMENT = '\uFFFD';

  private final TextTokenizer tokenizer;
  private long[] ids = new long[16];
  private int size;
  private int prefixOffset;
  private int readOffset;

  public StreamingDetokenizer(TextTokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  /**
   * Adds one token and returns the text it completes: empty while a character is still incomplete.
   */
  public String push(long tokenId) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
    }
    ids[size++] = tokenId;
    String prefix = decode(prefixOffset, readOffset);
    String full = decode(prefixOffset, size);
    if (full.length() > prefix.length() && full.charAt(full.length() - 1) != REPLACEMENT) {
      prefixOffset = readOffset;
      readOffset = size;
      return full.substring(prefix.length());
    }
    return "";
  }

  /**
   * The text still held back at the end of generation (an incomplete character decodes as U+FFFD).
   */
  public String flush() {
    String prefix = decode(prefixOffset, readOffset);
    String full = decode(prefixOffset, size);
    prefixOffset = readOffset = size;
    return full.length() > prefix.length() ? full.substring(prefix.length()) : "";
  }

  private String decode(int from, int to) {
    return from == to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), true);
  }
}
