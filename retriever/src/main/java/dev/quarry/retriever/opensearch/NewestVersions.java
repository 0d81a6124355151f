package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.index.Legs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Makes two legs that read the index at different moments agree: where they saw different versions
 * of a document (a replace was refreshed between them), only the hits of the newest version stay.
 * Each leg alone sees one version of every document (all its chunks live on one shard, and a leg
 * reads one refreshed state of each shard), so afterwards both together do too; and a document that
 * either leg found is still found.
 */
final class NewestVersions {

  private NewestVersions() {}

  /** Which version of which document a hit is a chunk of. */
  record Version(String documentId, long version) {}

  /**
   * @param chunks the document and version of every hit's {@code doc}
   * @return the legs, in their order, without the hits of a document's older version
   */
  static Legs keep(Legs legs, IntFunction<Version> chunks) {
    Map<String, Long> newest = new HashMap<>();
    for (List<Hit> leg : List.of(legs.bm25(), legs.dense())) {
      for (Hit h : leg) {
        Version c = chunks.apply(h.doc());
        newest.merge(c.documentId(), c.version(), Math::max);
      }
    }
    return new Legs(
        newestOnly(legs.bm25(), newest, chunks), newestOnly(legs.dense(), newest, chunks));
  }

  private static List<Hit> newestOnly(
      List<Hit> leg, Map<String, Long> newest, IntFunction<Version> chunks) {
    return leg.stream()
        .filter(
            h -> {
              Version c = chunks.apply(h.doc());
              return c.version() == newest.get(c.documentId());
            })
        .toList();
  }
}
