package dev.quarry.retriever.index;

import java.util.Map;

/**
 * What the index knows of one document: its version, chunk count, and the metadata its chunks carry
 * (ingestion gives every chunk of a document the same document-level metadata, such as the source's
 * sha256 and media type).
 */
public record IndexedDocument(
    String documentId, long version, int chunks, Map<String, String> metadata) {}
