package dev.quarry.retriever.index;

import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.embed.Embedder;
import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The index contract of one knowledge base: what ingestion writes and the retriever reads,
 * whichever engine holds the chunks. {@link KnowledgeIndex} keeps them in embedded Lucene; a
 * distributed engine can sit behind the same interface. Fusion, MMR and passage building stay
 * outside it ({@code HybridRetriever}), so every engine ranks the same way.
 *
 * <p>Contract, for every implementation ({@code ChunkIndexContract} tests it):
 *
 * <ul>
 *   <li>{@link #replaceAll} and {@link #delete} are atomic per document: a search sees all chunks
 *       of the old version or all of the new one, never a mix, never two versions, and a document
 *       that had chunks never disappears during its replace.
 *   <li>When a write returns it is durable and visible to the next {@link #search}.
 *   <li>Any number of threads may search while one writes.
 *   <li>The index records its {@link #manifest()} (embedding model, dimension, analyser, vector
 *       format); opening it with others fails with {@link
 *       dev.quarry.retriever.IndexMismatchException}, which says to re-index.
 * </ul>
 *
 * Failures are {@link RetrieverException} subclasses, typed by cause.
 */
public interface ChunkIndex extends Closeable {

  /**
   * Makes {@code chunks} the only chunks of {@code documentId}, embedding them first: on failure
   * the document keeps its previous version.
   */
  default IndexChange replace(String documentId, long version, List<Chunk> chunks) {
    return replaceAll(List.of(new DocumentChunks(documentId, version, chunks)));
  }

  /** {@link #replace} for many documents, with one embedding pass and one commit. */
  IndexChange replaceAll(List<DocumentChunks> documents);

  /** Removes every chunk of {@code documentId}; a no-op for an unknown document. */
  IndexChange delete(String documentId);

  /**
   * Runs {@code action} on a view of the latest committed state, valid only inside {@code action}.
   * What it returns never holds two versions of one document, nor part of a version. Embedded: one
   * point-in-time searcher. OpenSearch: the legs in one request, where the newest version of a
   * document the legs disagree on wins, then the passages by id; when a passage changed in between,
   * {@code action} runs again (at most 3 times), so it must not have side effects.
   */
  <T> T search(Function<IndexSnapshot, T> action);

  /** The indexed version of {@code documentId}, or empty when the index has no chunk of it. */
  Optional<IndexedDocument> document(String documentId);

  /** Every searchable chunk of {@code documentId}, in document order; empty when it has none. */
  List<StoredChunk> chunksOf(String documentId);

  /** Ids of the documents that have at least one searchable chunk, sorted. */
  SortedSet<String> documentIds();

  /** Chunks currently searchable, counted exactly. */
  int chunkCount();

  /** Metadata keys (without a prefix) that at least one chunk carries: the filterable fields. */
  Set<String> metadataFields();

  /** What the index was built with: model, dimension, analyser, vector format. */
  IndexManifest manifest();

  IndexSettings settings();

  /** The model that embeds this index's passages, and its queries. */
  Embedder embedder();

  /** Where the index lives, for messages: a directory, or a cluster and index name. */
  String location();

  /** False once closed, or once a failure it cannot recover from closed it. */
  boolean isOpen();

  /** Releases the index; pending changes were committed already. */
  @Override
  void close();
}
