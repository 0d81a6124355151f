package dev.quarry.retriever.index;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chunks a search may return: for every field, one of its values. A field is {@link
 * #DOCUMENT_ID} or a metadata key; the retriever has checked that each is known and has values.
 *
 * @param anyOf per field, the values one of which a chunk must have
 */
public record ChunkFilter(Map<String, List<String>> anyOf) {

  /** The field name of a chunk's document id. */
  public static final String DOCUMENT_ID = "documentId";

  public static final ChunkFilter NONE = new ChunkFilter(Map.of());

  public ChunkFilter {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    anyOf.forEach((field, values) -> copy.put(field, List.copyOf(values)));
    anyOf = java.util.Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return anyOf.isEmpty();
  }
}
