package dev.quarry.retriever.fusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects both legs' hits per document, the common first step of every fusion. */
final class FusionTable {

  record Row(int doc, Hit bm25, int bm25Rank, Hit dense, int denseRank) {}

  private FusionTable() {}

  static List<Row> rows(List<Hit> bm25, List<Hit> dense) {
    Map<Integer, Row> rows = new LinkedHashMap<>();
    for (int i = 0; i < bm25.size(); i++) {
      Hit h = bm25.get(i);
      rows.put(h.doc(), new Row(h.doc(), h, i + 1, null, 0));
    }
    for (int i = 0; i < dense.size(); i++) {
      Hit h = dense.get(i);
      int rank = i + 1;
      rows.merge(
          h.doc(),
          new Row(h.doc(), null, 0, h, rank),
          (old, add) -> new Row(old.doc(), old.bm25(), old.bm25Rank(), h, rank));
    }
    return new ArrayList<>(rows.values());
  }

  static void requireDepth(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
  }

  static List<FusedHit> sorted(List<FusedHit> hits) {
    hits.sort(
        Comparator.comparingDouble((FusedHit h) -> -h.score())
            .thenComparingInt(h -> h.bm25Rank() == 0 ? Integer.MAX_VALUE : h.bm25Rank())
            .thenComparingInt(FusedHit::doc));
    return hits;
  }
}
