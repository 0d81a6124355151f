package dev.quarry.retriever.index;

import dev.quarry.retriever.fusion.Hit;
import java.util.List;

/**
 * One view of a {@link ChunkIndex}, for one search. A {@link Hit#doc()} it returns names a chunk
 * within this snapshot only.
 *
 * <p>Every call sees each document in one version: all of its chunks of that version, or none of
 * them. An engine may let two calls see different versions (a replace committed between them);
 * {@link #legs} therefore runs both legs of a search and reconciles them.
 */
public interface IndexSnapshot {

  /**
   * BM25 over each chunk's title, headings and text, analysed as the index's text is.
   *
   * @return at most {@code n} hits, best first, scored by BM25; empty when the query has only stop
   *     words or nothing matches
   */
  List<Hit> bm25(String query, ChunkFilter filter, int n);

  /**
   * The {@code n} nearest chunks to {@code vector}, with the filter applied during the graph search
   * (a pre-filter: the {@code n} are all chunks that pass it).
   *
   * @return at most {@code n} hits, best first, scored by exact cosine similarity
   */
  List<Hit> knn(float[] vector, ChunkFilter filter, int n);

  /**
   * Both legs of one search, as {@link #bm25} and {@link #knn} rank them (a leg whose input is null
   * is skipped and has no hits). Across the two legs each document appears in one version only:
   * where they saw different versions of a document, the hits of the older one are dropped, so the
   * document is still found, in its newest version.
   */
  Legs legs(LegsRequest request);

  /** The stored (unquantised) vector of a hit. */
  float[] vector(int doc);

  /** The stored fields of a hit. */
  StoredChunk chunk(int doc);

  /** The stored fields of several hits, in the order of {@code docs}, in one read where it can. */
  List<StoredChunk> chunks(List<Integer> docs);
}
