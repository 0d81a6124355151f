package dev.quarry.retriever.search;

import dev.quarry.retriever.fusion.FusedHit;
import dev.quarry.retriever.index.StoredChunk;

/** Builds passages from fused hits and the chunks they name. */
final class PassageReader {

  private PassageReader() {}

  static Passage passage(StoredChunk c, FusedHit hit, float score) {
    return new Passage(
        c.chunkId(),
        c.documentId(),
        c.version(),
        c.ordinal(),
        c.title(),
        c.headings(),
        c.text(),
        c.start(),
        c.end(),
        c.page(),
        c.metadata(),
        score,
        hit.bm25() == null ? null : new LegScore(hit.bm25().score(), hit.bm25Rank()),
        hit.dense() == null ? null : new LegScore(hit.dense().score(), hit.denseRank()));
  }
}
