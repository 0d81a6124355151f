package dev.quarry.retriever.opensearch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.retriever.IndexUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Several searches of one index in one HTTP round trip ({@code _msearch}), which the cluster runs
 * in parallel. Each search reads, on every shard, one refreshed state of that shard for all of its
 * phases, on the receiving node's own copy of the shard where it has one ({@code preference:
 * _local}: no transport hop inside the cluster; the client spreads requests over the nodes). The
 * response carries only what {@link OpenSearchSnapshot} reads ({@code filter_path}): each hit's
 * score, doc values and {@code _source}, and the failures.
 *
 * <p>A search that a shard could not answer fails the whole call as {@link
 * IndexUnavailableException}, never silently fewer hits; so does any other failure.
 */
final class MultiSearch {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "filter_path",
          "responses.hits.hits._score,responses.hits.hits.fields,responses.hits.hits._source,"
              + "responses._shards.failed,responses.error,responses.status");

  /** One search: its search type and its body. */
  record Search(String searchType, ObjectNode body) {

    /** Global term statistics first: a sharded index scores BM25 as one index would. */
    static Search dfs(ObjectNode body) {
      return new Search("dfs_query_then_fetch", body);
    }

    static Search plain(ObjectNode body) {
      return new Search("query_then_fetch", body);
    }
  }

  /**
   * One hit: its score, its chunk id (a doc value), and its {@code _source} when asked for (else
   * null). The chunk id names the document and version ({@link ChunkSource#versionOf}), so a leg
   * reads no other field.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record SourceHit(
      @JsonProperty("_score") float score,
      @JsonProperty("fields") DocValues fields,
      @JsonProperty("_source") ChunkSource source) {

    String chunkId() {
      return source != null ? source.chunkId() : fields.chunkId().get(0);
    }

    NewestVersions.Version version() {
      return source != null
          ? new NewestVersions.Version(source.documentId(), source.version())
          : ChunkSource.versionOf(chunkId());
    }
  }

  /** The doc values of a hit: its chunk id, as a list of one. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record DocValues(@JsonProperty("chunk_id") List<String> chunkId) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Answer(List<Item> responses) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Item(Hits hits, Shards _shards, JsonNode error, Integer status) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Hits(List<SourceHit> hits) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Shards(int failed) {}

  private final OpenSearchClient client;
  private final String index;
  private final String where;

  MultiSearch(OpenSearchClient client, String index, String where) {
    this.client = client;
    this.index = index;
    this.where = where;
  }

  /**
   * @return per search, in order, its hits best first
   * @throws IndexUnavailableException if the cluster cannot be reached, or a search failed on the
   *     cluster or on one of its shards
   */
  List<List<SourceHit>> run(String what, List<Search> searches) {
    byte[] body = ndjson(searches);
    Answer answer =
        OpenSearchFailures.call(
            what,
            where,
            () -> {
              try (Response r =
                  client
                      .generic()
                      .execute(
                          Requests.builder()
                              .method("POST")
                              .endpoint("/" + index + "/_msearch")
                              .query(PARAMETERS)
                              .body(Body.from(body, "application/x-ndjson"))
                              .build())) {
                Body b = r.getBody().orElse(null);
                if (r.getStatus() >= 300 || b == null) {
                  throw failure(
                      what, r.getStatus(), b == null ? "no body" : b.bodyAsString(), null);
                }
                try (InputStream in = b.body()) {
                  return JSON.readValue(in, Answer.class);
                }
              }
            });
    if (answer.responses() == null || answer.responses().size() != searches.size()) {
      throw failure(what, 200, "expected " + searches.size() + " responses", null);
    }
    List<List<SourceHit>> hits = new ArrayList<>(searches.size());
    for (Item item : answer.responses()) {
      if (item.error() != null) {
        throw failure(what, item.status() == null ? 500 : item.status(), null, item.error());
      }
      if (item._shards() != null && item._shards().failed() > 0) {
        throw failure(what, 503, item._shards().failed() + " shards failed", null);
      }
      hits.add(item.hits() == null || item.hits().hits() == null ? List.of() : item.hits().hits());
    }
    return hits;
  }

  private static byte[] ndjson(List<Search> searches) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      for (Search s : searches) {
        ObjectNode header = JSON.createObjectNode();
        header.put("search_type", s.searchType());
        // the copies on the node that took the request: no hop to another node, and a search's
        // requests read the same copies when they reach the same node
        header.put("preference", "_local");
        // a shard that cannot answer fails the search: never silently fewer hits
        header.put("allow_partial_search_results", false);
        JSON.writeValue(out, header);
        out.write('\n');
        JSON.writeValue(out, s.body());
        out.write('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to memory failed", e);
    }
    return out.toByteArray();
  }

  private IndexUnavailableException failure(String what, int status, String text, JsonNode error) {
    String type = error == null ? null : error.path("type").asText(null);
    if (status == 404 && "index_not_found_exception".equals(type)) {
      return OpenSearchFailures.missingIndex(where, null);
    }
    String reason =
        error == null
            ? text
            : type + ": " + error.path("reason").asText("") + rootCause(error.path("root_cause"));
    return new IndexUnavailableException(
        what + " on OpenSearch at " + where + " failed (" + status + "): " + reason, null);
  }

  private static String rootCause(JsonNode causes) {
    return causes.isArray() && !causes.isEmpty()
        ? " (" + causes.get(0).path("reason").asText("") + ")"
        : "";
  }
}
