package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.index.ChunkFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/** The queries both legs and the bookkeeping run, in OpenSearch's query DSL. */
final class OpenSearchQueries {

  private OpenSearchQueries() {}

  /** The filter as OpenSearch filter clauses: for every field, a terms query on its values. */
  static List<Query> filters(ChunkFilter filter) {
    List<Query> clauses = new ArrayList<>();
    for (Map.Entry<String, List<String>> f : filter.anyOf().entrySet()) {
      String field =
          ChunkFilter.DOCUMENT_ID.equals(f.getKey()) ? "document_id" : "meta." + f.getKey();
      List<FieldValue> values = f.getValue().stream().map(FieldValue::of).toList();
      clauses.add(Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(values)))));
    }
    return clauses;
  }

  /** One filter query, or null when there is nothing to filter. */
  static Query filter(ChunkFilter filter) {
    List<Query> clauses = filters(filter);
    return clauses.isEmpty() ? null : Query.of(q -> q.bool(b -> b.filter(clauses)));
  }

  static Query document(String documentId) {
    return Query.of(q -> q.term(t -> t.field("document_id").value(FieldValue.of(documentId))));
  }
}
