package dev.quarry.retriever.eval;

import dev.quarry.retriever.embed.TokenCounter;
import dev.quarry.retriever.index.Chunk;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a BEIR corpus document into chunks that fit the embedding model's window, at sentence
 * boundaries. Most abstracts fit whole and stay one chunk. (Real documents go through the ingestion
 * module's structure-aware chunker; this keeps the evaluation independent of it.)
 */
final class PassageSplitter {

  private final TokenCounter tokens;

  PassageSplitter(TokenCounter tokens) {
    this.tokens = tokens;
  }

  List<Chunk> split(String title, String text) {
    String body = text.isBlank() ? title : text;
    int budget = tokens.maxContentTokens() - (title.isBlank() ? 0 : tokens.countTokens(title) + 1);
    if (tokens.countTokens(body) <= budget) {
      return List.of(Chunk.ofText(0, title, body));
    }
    List<Chunk> chunks = new ArrayList<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(body);
    int start = 0;
    int end = start;
    int used = 0;
    for (int next = sentences.next(); next != BreakIterator.DONE; next = sentences.next()) {
      int cost = tokens.countTokens(body.substring(end, next));
      if (used + cost > budget && end > start) {
        chunks.add(chunk(chunks.size(), title, body, start, end));
        start = end;
        used = 0;
      }
      end = next;
      used += cost;
    }
    if (end > start) {
      chunks.add(chunk(chunks.size(), title, body, start, end));
    }
    return chunks;
  }

  // A single sentence longer than the window stays whole; the embedder cuts its tail.
  private static Chunk chunk(int ordinal, String title, String body, int start, int end) {
    String text = body.substring(start, end).strip();
    int lead = body.substring(start, end).indexOf(text);
    return new Chunk(
        ordinal,
        title,
        List.of(),
        text,
        start + lead,
        start + lead + text.length(),
        null,
        java.util.Map.of());
  }
}
