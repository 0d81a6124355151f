package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.index.IndexManifest;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.index.VectorFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A knowledge base's index on OpenSearch, as it is created: the same analysis, BM25 parameters and
 * HNSW graph as the embedded index, so both rank alike.
 *
 * <ul>
 *   <li>{@code contents}: text with the knowledge base's analyser ({@code english} by default:
 *       Lucene's EnglishAnalyzer on both sides) and BM25 with k1 = 0.9, b = 0.4;
 *   <li>ids, version and ordinal as keyword and numbers; the document's metadata as keyword fields
 *       under {@code meta.}, for filters; the citation fields stored, not indexed;
 *   <li>{@code vector}: {@code knn_vector}, HNSW on the Lucene engine, cosine, m = 16 and
 *       ef_construction = 100 (Lucene's defaults, which the embedded index uses);
 *   <li>{@code _meta}: the {@link IndexManifest}, checked whenever the index is opened;
 *   <li>{@code refresh_interval: -1}: new chunks become visible only on the refresh that follows a
 *       whole replace, never halfway through one;
 *   <li>{@code merge.policy.segments_per_tier}: {@value #SEGMENTS_PER_TIER}, not 10: every segment
 *       is one more HNSW graph that a k-NN search walks for its k candidates, so fewer, larger
 *       segments make a search faster (docs/benchmarks.md) for a little more merging on writes;
 *   <li>{@code knn.derived_source.enabled}, only when {@link OpenSearchSettings#derivedSource} asks
 *       for it (off by default: experimental in 2.19, whose replica recovery it can stall): the
 *       k-NN plugin keeps the vector out of the stored {@code _source} and puts it back from the
 *       vector field whenever {@code _source} is read with it (MMR, {@code _reindex}, snapshots of
 *       documents). The vector as JSON text was over half of every chunk's stored fields: without
 *       it an index is about 40 % smaller and reading the passages of a search decompresses a
 *       fraction of the bytes (docs/benchmarks.md). A read that excludes the vector, as every
 *       passage read does, never rebuilds it.
 * </ul>
 */
final class ChunkMapping {

  /** Segments allowed per size tier before they are merged (OpenSearch's default is 10). */
  static final int SEGMENTS_PER_TIER = 2;

  private ChunkMapping() {}

  /**
   * What is wrong with asking a cluster of {@code version} (its {@code GET /} {@code
   * version.number}) for derived source, if anything: before 3.0 the k-NN plugin's derived source
   * is experimental, and a replica recovering while chunks are written gets a translog that differs
   * from its primary's (k-NN issue 2625); with assertions on, that recovery never finishes. A
   * version that cannot be read is not a concern: the cluster refuses the setting if it lacks it.
   */
  static Optional<String> derivedSourceConcern(String version) {
    int major;
    try {
      major = Integer.parseInt(version.substring(0, version.indexOf('.')));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return major >= 3
        ? Optional.empty()
        : Optional.of(
            "quarry.opensearch.derived-source is on, but the cluster runs OpenSearch "
                + version
                + ", where derived source is experimental: a replica that recovers while chunks"
                + " are written can end up with a translog that differs from its primary's, and"
                + " with assertions on its recovery stalls every write to the shard (k-NN issue"
                + " 2625, fixed in 3.0). Turn it off unless the cluster runs 3.0 or later.");
  }

  static String createIndexJson(
      IndexManifest manifest, int shards, int replicas, boolean derivedSource) {
    if (manifest.vectorFormat() != VectorFormat.FLOAT32) {
      throw new IllegalArgumentException(
          "The OpenSearch backend stores float32 vectors; the knowledge base asks for "
              + manifest.vectorFormat());
    }
    String meta =
        manifest.toUserData().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
            .collect(Collectors.joining(", "));
    return """
        {
          "settings": {
            "index": {
              "number_of_shards": %d,
              "number_of_replicas": %d,
              "knn": true,%s
              "refresh_interval": "-1",
              "merge": {"policy": {"segments_per_tier": %d}},
              "similarity": {"quarry_bm25": {"type": "BM25", "k1": %s, "b": %s}}
            }
          },
          "mappings": {
            "_meta": {%s},
            "dynamic": "strict",
            "dynamic_templates": [
              {"metadata": {"path_match": "meta.*", "mapping": {"type": "keyword"}}}
            ],
            "properties": {
              "chunk_id": {"type": "keyword"},
              "document_id": {"type": "keyword"},
              "version": {"type": "long"},
              "ordinal": {"type": "integer"},
              "title": {"type": "keyword", "index": false},
              "headings": {"type": "keyword", "index": false},
              "text": {"type": "text", "index": false},
              "contents": {"type": "text", "analyzer": "%s", "similarity": "quarry_bm25"},
              "start": {"type": "integer", "index": false},
              "end": {"type": "integer", "index": false},
              "page": {"type": "integer", "index": false},
              "meta": {"type": "object", "dynamic": true},
              "vector": {
                "type": "knn_vector",
                "dimension": %d,
                "method": {
                  "name": "hnsw",
                  "engine": "lucene",
                  "space_type": "cosinesimil",
                  "parameters": {"m": %d, "ef_construction": %d}
                }
              }
            }
          }
        }
        """
        .formatted(
            shards,
            replicas,
            // absent when off: a cluster before 2.19 refuses the setting, even as false
            derivedSource ? "\n      \"knn.derived_source.enabled\": true," : "",
            SEGMENTS_PER_TIER,
            KnowledgeIndex.BM25_K1,
            KnowledgeIndex.BM25_B,
            meta,
            manifest.analyzer(),
            manifest.dimension(),
            VectorFormat.MAX_CONNECTIONS,
            VectorFormat.BEAM_WIDTH);
  }
}
