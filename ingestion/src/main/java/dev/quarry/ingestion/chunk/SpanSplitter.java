package dev.quarry.ingestion.chunk;

import dev.quarry.retriever.embed.TokenCounter;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts one block into {@link Span}s no longer than a token limit: at sentence boundaries ({@link
 * BreakIterator}), and a sentence longer than the limit at word boundaries. Only a single "word"
 * longer than the limit (a hash, a base64 run) is cut inside, by characters.
 */
final class SpanSplitter {

  private final TokenCounter counter;

  SpanSplitter(TokenCounter counter) {
    this.counter = counter;
  }

  /** Splits text[from, to) of block {@code block} into spans of at most {@code limit} tokens. */
  List<Span> split(String text, int from, int to, int block, int limit) {
    List<Span> out = new ArrayList<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(text.substring(from, to));
    int s = sentences.first();
    for (int e = sentences.next(); e != BreakIterator.DONE; s = e, e = sentences.next()) {
      addTrimmed(text, from + s, from + e, block, limit, out);
    }
    return out;
  }

  private void addTrimmed(String text, int from, int to, int block, int limit, List<Span> out) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      return;
    }
    int tokens = counter.countTokens(text.substring(from, to));
    if (tokens <= limit) {
      out.add(new Span(from, to, tokens, block, out.isEmpty()));
    } else {
      splitWords(text, from, to, block, limit, out);
    }
  }

  /**
   * Greedy word packing. Word-piece tokenizers split at whitespace and punctuation first, so the
   * tokens of a piece are about the sum of its words' tokens; each piece is still measured whole
   * and gives back words until it truly fits.
   */
  private void splitWords(String text, int from, int to, int block, int limit, List<Span> out) {
    List<int[]> segments = wordSegments(text, from, to, limit); // {start, end, tokens}
    int i = 0;
    while (i < segments.size()) {
      int j = i;
      int sum = 0;
      while (j < segments.size() && (j == i || sum + segments.get(j)[2] <= limit)) {
        sum += segments.get(j)[2];
        j++;
      }
      while (j > i + 1
          && counter.countTokens(text.substring(segments.get(i)[0], segments.get(j - 1)[1]))
              > limit) {
        j--;
      }
      addPiece(text, segments.get(i)[0], segments.get(j - 1)[1], block, out);
      i = j;
    }
  }

  /**
   * Words, spaces and punctuation of text[from, to); a word over the limit is cut by characters.
   */
  private List<int[]> wordSegments(String text, int from, int to, int limit) {
    List<int[]> segments = new ArrayList<>();
    BreakIterator words = BreakIterator.getWordInstance(Locale.ROOT);
    words.setText(text.substring(from, to));
    int s = words.first();
    for (int e = words.next(); e != BreakIterator.DONE; s = e, e = words.next()) {
      int start = from + s;
      int end = from + e;
      int tokens = counter.countTokens(text.substring(start, end));
      while (tokens > limit) {
        int cut = longestFitting(text, start, end, limit);
        segments.add(new int[] {start, cut, counter.countTokens(text.substring(start, cut))});
        start = cut;
        tokens = counter.countTokens(text.substring(start, end));
      }
      segments.add(new int[] {start, end, tokens});
    }
    return segments;
  }

  /** The largest cut in (from, to) with tokens(from, cut) within the limit (binary search). */
  private int longestFitting(String text, int from, int to, int limit) {
    int lo = from + 1;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (counter.countTokens(text.substring(from, mid)) <= limit) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    // Never leave half of a surrogate pair on either side.
    return Character.isLowSurrogate(text.charAt(lo)) && lo > from + 1 ? lo - 1 : lo;
  }

  private void addPiece(String text, int from, int to, int block, List<Span> out) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    int end = to;
    while (end > from && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > from) {
      String piece = text.substring(from, end);
      out.add(new Span(from, end, counter.countTokens(piece), block, out.isEmpty()));
    }
  }
}
