package dev.quarry.retriever.index;

/** Names of the Lucene fields of one chunk. Metadata fields are {@code meta.<key>}. */
public final class IndexFields {
  /** Unique chunk id: {@code <documentId>:<version>:<ordinal>}; stored, indexed as a keyword. */
  public static final String CHUNK_ID = "chunk_id";

  /** The document the chunk belongs to; keyword, used by replace and delete and as a filter. */
  public static final String DOCUMENT_ID = "document_id";

  public static final String VERSION = "version";
  public static final String ORDINAL = "ordinal";
  public static final String TITLE = "title";

  /** Heading path, headings joined by {@link #HEADING_SEPARATOR}. */
  public static final String HEADINGS = "headings";

  /** The chunk text as stored (what a citation shows). */
  public static final String TEXT = "text";

  /** Title, headings and text, analysed for BM25. */
  public static final String CONTENTS = "contents";

  public static final String START = "start";
  public static final String END = "end";
  public static final String PAGE = "page";

  /** The dense vector of {@link Chunk#contextualText()}. */
  public static final String VECTOR = "vector";

  /** Prefix of the filterable metadata fields. */
  public static final String META_PREFIX = "meta.";

  public static final String HEADING_SEPARATOR = "\u001f";

  private IndexFields() {}
}
