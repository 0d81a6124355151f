package dev.quarry.ingestion.chunk;

import dev.quarry.ingestion.parse.ParsedDocument;
import dev.quarry.retriever.index.Chunk;
import java.util.List;
import java.util.Map;

/** Cuts a parsed document into passages for the index. Implementations are thread-safe. */
public interface Chunker {

  /**
   * Returns the document's chunks in reading order, ordinals 0..n-1. For every chunk {@code
   * document.text().substring(chunk.start(), chunk.end())} equals {@code chunk.text()}.
   *
   * @param metadata fields put on every chunk (the document's own metadata is added)
   * @return the chunks; empty only when the document has no text outside headings
   */
  List<Chunk> chunk(ParsedDocument document, Map<String, String> metadata);
}
