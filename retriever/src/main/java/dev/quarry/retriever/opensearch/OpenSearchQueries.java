package dev.quarry.retriever.opensearch;

import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

/** The queries the bookkeeping runs (the legs' are {@link LegQueries}). */
final class OpenSearchQueries {

  private OpenSearchQueries() {}

  static Query document(String documentId) {
    return Query.of(q -> q.term(t -> t.field("document_id").value(FieldValue.of(documentId))));
  }
}
