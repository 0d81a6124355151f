package dev.quarry.retriever.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.retriever.index.ChunkFilter;
import java.util.List;
import java.util.Map;

/**
 * The two retrieval legs as OpenSearch search bodies, for {@link MultiSearch}. Both ask for no hit
 * count ({@code track_total_hits: false}, so BM25 may skip what cannot make the top n). A hit
 * brings only its chunk id, from doc values, which names its document and version ({@link
 * ChunkSource#versionOf}): reading and filtering every hit's {@code _source} doubled the time of a
 * search (docs/benchmarks.md), and only the top k become passages ({@link #chunks}). When the
 * vectors are asked for (MMR), the hits bring their whole {@code _source} instead, the vector
 * included; {@code contents} (the analysed copy) never comes back.
 */
final class LegQueries {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private LegQueries() {}

  /** BM25 on {@code contents}, the filter as non-scoring clauses. */
  static ObjectNode bm25(String text, ChunkFilter filter, int n, boolean vectors) {
    ObjectNode bool = JSON.objectNode();
    bool.putObject("must").putObject("match").put("contents", text);
    ArrayNode clauses = filters(filter);
    if (!clauses.isEmpty()) {
      bool.set("filter", clauses);
    }
    ObjectNode body = body(n, vectors);
    body.putObject("query").set("bool", bool);
    return body;
  }

  /** The {@code n} nearest vectors, the filter applied during the graph search. */
  static ObjectNode knn(float[] vector, ChunkFilter filter, int n, boolean vectors) {
    ObjectNode knn = JSON.objectNode();
    ArrayNode values = knn.putArray("vector");
    for (float v : vector) {
      values.add(v);
    }
    knn.put("k", n);
    ArrayNode clauses = filters(filter);
    if (!clauses.isEmpty()) {
      knn.putObject("filter").putObject("bool").set("filter", clauses);
    }
    ObjectNode body = body(n, vectors);
    body.putObject("query").putObject("knn").set("vector", knn);
    return body;
  }

  /** The stored fields of the chunks with these ids, their vectors too when asked for. */
  static ObjectNode chunks(List<String> chunkIds, boolean vectors) {
    ObjectNode body = JSON.objectNode();
    body.put("size", chunkIds.size());
    body.put("track_total_hits", false);
    ArrayNode ids = body.putObject("query").putObject("ids").putArray("values");
    chunkIds.forEach(ids::add);
    ArrayNode excludes = body.putObject("_source").putArray("excludes").add("contents");
    if (!vectors) {
      excludes.add("vector");
    }
    return body;
  }

  private static ObjectNode body(int n, boolean vectors) {
    ObjectNode body = JSON.objectNode();
    body.put("size", n);
    body.put("track_total_hits", false);
    if (vectors) {
      body.putObject("_source").putArray("excludes").add("contents");
    } else {
      body.put("_source", false);
      body.put("stored_fields", "_none_");
    }
    body.putArray("docvalue_fields").add("chunk_id");
    return body;
  }

  /** For every filtered field, a terms query on its values (any of them matches). */
  private static ArrayNode filters(ChunkFilter filter) {
    ArrayNode clauses = JSON.arrayNode();
    for (Map.Entry<String, List<String>> f : filter.anyOf().entrySet()) {
      String field =
          ChunkFilter.DOCUMENT_ID.equals(f.getKey()) ? "document_id" : "meta." + f.getKey();
      ArrayNode values = clauses.addObject().putObject("terms").putArray(field);
      f.getValue().forEach(values::add);
    }
    return clauses;
  }
}
