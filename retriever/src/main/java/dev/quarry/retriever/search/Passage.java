package dev.quarry.retriever.search;

import java.util.List;
import java.util.Map;

/**
 * One retrieved chunk, with what a citation needs and why it came back.
 *
 * @param id chunk id, {@code <documentId>:<version>:<ordinal>}
 * @param documentId the document it belongs to
 * @param version the document version it was cut from
 * @param ordinal its position in the document
 * @param title the document title
 * @param headingPath headings above it, outermost first
 * @param text the passage
 * @param start offset of its first character in the document's extracted text
 * @param end offset one past its last character
 * @param page page or slide number, or {@code null}
 * @param metadata the chunk's metadata fields
 * @param score the final score (fused for hybrid searches)
 * @param bm25 its BM25 score and rank, or {@code null} if the BM25 leg did not return it
 * @param dense its cosine similarity and rank, or {@code null} if the dense leg did not
 */
public record Passage(
    String id,
    String documentId,
    long version,
    int ordinal,
    String title,
    List<String> headingPath,
    String text,
    int start,
    int end,
    Integer page,
    Map<String, String> metadata,
    float score,
    LegScore bm25,
    LegScore dense) {}
