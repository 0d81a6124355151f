package dev.quarry.retriever.index;

import dev.quarry.retriever.IndexClosedException;
import dev.quarry.retriever.IndexDamagedException;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.embed.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link ChunkIndex}: the Lucene index of one knowledge base in a directory of its
 * own, every chunk as one document with BM25 text and an HNSW vector.
 *
 * <p>How it keeps the contract: {@link #replaceAll} swaps each document's chunks with one {@code
 * updateDocuments} on its id, and {@link #delete} is one {@code deleteDocuments}; each write ends
 * with a commit and a blocking refresh, so it is durable and visible when it returns. Writes are
 * serialised; searches run on a {@link SearcherManager}'s point-in-time searchers. The manifest is
 * the commit's user data, so it can never disagree with the index it describes.
 */
public final class KnowledgeIndex implements ChunkIndex {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeIndex.class);

  /** BM25 parameters of Anserini's BEIR baselines. */
  public static final float BM25_K1 = 0.9f;

  public static final float BM25_B = 0.4f;

  /** Indexing buffer: large enough that a bulk load flushes rarely. */
  private static final double RAM_BUFFER_MB = 256;

  private final Path path;
  private final Directory directory;
  private final Embedder embedder;
  private final IndexSettings settings;
  private final Analyzer analyzer;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final IndexManifest manifest;

  private KnowledgeIndex(Path path, IndexSettings settings, Embedder embedder) throws IOException {
    this.path = path;
    this.settings = settings;
    this.embedder = embedder;
    this.manifest = IndexManifest.of(embedder.info(), settings);
    Files.createDirectories(path);
    this.directory = FSDirectory.open(path);
    try {
      if (DirectoryReader.indexExists(directory)) {
        IndexManifest.fromUserData(SegmentInfos.readLatestCommit(directory).getUserData(), path)
            .requireCompatible(manifest, path);
      }
      this.analyzer = TextAnalysis.analyzer(settings.analyzer());
      this.writer = new IndexWriter(directory, writerConfig());
      writer.setLiveCommitData(manifest.toUserData().entrySet());
      writer.commit();
      this.searchers = new SearcherManager(writer, null);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  /**
   * Opens the index in {@code directory}, creating it when absent.
   *
   * @throws RetrieverException if the directory is locked by another writer, is damaged, or holds
   *     an index built with another embedding model, analyser or vector format
   */
  public static KnowledgeIndex open(Path directory, IndexSettings settings, Embedder embedder) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(embedder, "embedder");
    try {
      KnowledgeIndex index = new KnowledgeIndex(directory, settings, embedder);
      LOG.info(
          "Opened index {} ({} chunks; {}, {})",
          directory,
          index.chunkCount(),
          settings,
          embedder.info());
      return index;
    } catch (LockObtainFailedException e) {
      throw new IndexUnavailableException(
          "The index at "
              + directory
              + " is locked by another process (write.lock). Stop the other Quarry using it;"
              + " if none runs, the lock is stale and the file can be removed.",
          directory,
          e);
    } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
      throw new IndexDamagedException(
          "The index at "
              + directory
              + " is damaged or of an unknown format ("
              + e.getMessage()
              + "). Delete the directory and re-index the knowledge base.",
          directory,
          e);
    } catch (IOException e) {
      throw new IndexUnavailableException(
          "Cannot open the index at " + directory + ": " + e.getMessage(), directory, e);
    }
  }

  /**
   * The settings an existing index was built with, or empty when {@code directory} holds no index
   * yet.
   *
   * @throws RetrieverException if the directory cannot be read or holds an index Quarry did not
   *     build
   */
  public static Optional<IndexSettings> recordedSettings(Path directory) {
    return recordedManifest(directory).map(m -> new IndexSettings(m.analyzer(), m.vectorFormat()));
  }

  /**
   * The manifest of an existing index (its model, dimension and settings), or empty when {@code
   * directory} holds no index yet.
   *
   * @throws RetrieverException if the directory cannot be read or holds an index Quarry did not
   *     build
   */
  public static Optional<IndexManifest> recordedManifest(Path directory) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Directory d = FSDirectory.open(directory)) {
      if (!DirectoryReader.indexExists(d)) {
        return Optional.empty();
      }
      return Optional.of(
          IndexManifest.fromUserData(SegmentInfos.readLatestCommit(d).getUserData(), directory));
    } catch (IOException e) {
      throw new IndexUnavailableException(
          "Cannot read the index at "
              + directory
              + ": "
              + e.getMessage()
              + ". If its files are damaged, delete the directory and re-index the knowledge base.",
          directory,
          e);
    }
  }

  private IndexWriterConfig writerConfig() {
    KnnVectorsFormat vectors = settings.vectorFormat().luceneFormat();
    Codec codec =
        new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return vectors;
          }
        };
    return new IndexWriterConfig(analyzer)
        .setCodec(codec)
        .setSimilarity(new BM25Similarity(BM25_K1, BM25_B))
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
  }

  /**
   * Makes {@code chunks} the only chunks of {@code documentId}: embeds them, swaps them for any
   * older version in one atomic step, commits and reopens.
   *
   * @throws RetrieverException if embedding or writing fails; the document then still has its
   *     previous version (embedding happens before anything is written, and the swap itself is one
   *     Lucene operation)
   */
  @Override
  public IndexChange replace(String documentId, long version, List<Chunk> chunks) {
    return replaceAll(List.of(new DocumentChunks(documentId, version, chunks)));
  }

  /**
   * {@link #replace} for many documents with one embedding pass and one commit. Each document is
   * swapped atomically; all of them become visible together.
   *
   * @throws RetrieverException if embedding fails (nothing is written) or the index cannot be
   *     written
   */
  @Override
  public synchronized IndexChange replaceAll(List<DocumentChunks> documents) {
    long started = System.nanoTime();
    List<String> texts = new ArrayList<>();
    for (DocumentChunks d : documents) {
      for (Chunk c : d.chunks()) {
        texts.add(c.contextualText());
      }
    }
    List<float[]> vectors = embedder.embedPassages(texts);
    long embedNanos = System.nanoTime() - started;
    int next = 0;
    int removed = 0;
    try {
      for (DocumentChunks d : documents) {
        removed += countChunks(d.documentId());
        List<Document> docs = new ArrayList<>(d.chunks().size());
        for (Chunk c : d.chunks()) {
          docs.add(ChunkDocuments.toDocument(d.documentId(), d.version(), c, vectors.get(next++)));
        }
        // Deletes the old chunks and adds the new ones as one atomic operation.
        writer.updateDocuments(new Term(IndexFields.DOCUMENT_ID, d.documentId()), docs);
      }
      commitAndRefresh();
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException(
          "Writing to the index at " + path + " failed: " + e.getMessage(), path, e);
    }
    return new IndexChange(
        documents.size(), texts.size(), removed, embedNanos, System.nanoTime() - started);
  }

  /**
   * Removes every chunk of {@code documentId}; a no-op for an unknown document.
   *
   * @throws RetrieverException if the write fails; the document is then still complete
   */
  @Override
  public synchronized IndexChange delete(String documentId) {
    long started = System.nanoTime();
    try {
      int removed = countChunks(documentId);
      writer.deleteDocuments(new Term(IndexFields.DOCUMENT_ID, documentId));
      commitAndRefresh();
      return new IndexChange(1, 0, removed, 0, System.nanoTime() - started);
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException(
          "Deleting document " + documentId + " from " + path + " failed: " + e.getMessage(),
          path,
          e);
    }
  }

  /**
   * Waits until the segment merges Lucene runs in the background after commits are done, then makes
   * the merged segments searchable. Searches are correct at any time; this is for measuring the
   * steady state (a merge competes with searches for the CPU, and fewer segments search faster).
   *
   * @throws RetrieverException if committing the merged segments fails
   */
  public synchronized void awaitMerges() {
    try {
      if (writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler merges) {
        merges.sync();
      }
      commitAndRefresh();
    } catch (IOException | AlreadyClosedException e) {
      throw new IndexUnavailableException(
          "Finishing merges in the index at " + path + " failed: " + e.getMessage(), path, e);
    }
  }

  private void commitAndRefresh() throws IOException {
    writer.setLiveCommitData(manifest.toUserData().entrySet());
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  private int countChunks(String documentId) throws IOException {
    return withSearcherIo(
        s -> s.count(new TermQuery(new Term(IndexFields.DOCUMENT_ID, documentId))));
  }

  @Override
  public <T> T search(Function<IndexSnapshot, T> action) {
    return withSearcher(
        searcher ->
            action.apply(new LuceneSnapshot(searcher, analyzer, settings.vectorFormat(), path)));
  }

  /**
   * Runs {@code action} on a point-in-time searcher of the latest committed state, for what only
   * Lucene can answer (a document's passages in order, tests). The searcher is valid only inside
   * {@code action}.
   */
  public <T> T withSearcher(Function<IndexSearcher, T> action) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return action.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IndexUnavailableException("Cannot read the index at " + path + ": " + e, path, e);
    } catch (AlreadyClosedException e) {
      throw new IndexClosedException("The index at " + path + " was closed", path, e);
    }
  }

  private <T> T withSearcherIo(IoFunction<IndexSearcher, T> action) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return action.apply(searcher);
    } finally {
      searchers.release(searcher);
    }
  }

  @FunctionalInterface
  private interface IoFunction<A, B> {
    B apply(A a) throws IOException;
  }

  @Override
  public Optional<IndexedDocument> document(String documentId) {
    return withSearcher(
        s -> {
          try {
            TermQuery query = new TermQuery(new Term(IndexFields.DOCUMENT_ID, documentId));
            TopDocs top = s.search(query, 1);
            if (top.scoreDocs.length == 0) {
              return Optional.empty();
            }
            Document first = s.storedFields().document(top.scoreDocs[0].doc);
            Map<String, String> metadata = ChunkDocuments.metadata(first);
            return Optional.of(
                new IndexedDocument(
                    documentId,
                    first.getField(IndexFields.VERSION).numericValue().longValue(),
                    // Exact: totalHits is only a lower bound past 1,000 hits.
                    s.count(query),
                    metadata));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public List<StoredChunk> chunksOf(String documentId) {
    return withSearcher(
        s -> {
          try {
            TermQuery query = new TermQuery(new Term(IndexFields.DOCUMENT_ID, documentId));
            int count = s.count(query);
            if (count == 0) {
              return List.of();
            }
            StoredFields stored = s.storedFields();
            List<StoredChunk> chunks = new ArrayList<>(count);
            for (ScoreDoc hit : s.search(query, count).scoreDocs) {
              chunks.add(ChunkDocuments.fromDocument(stored.document(hit.doc)));
            }
            chunks.sort(Comparator.comparingInt(StoredChunk::ordinal));
            return List.copyOf(chunks);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Ids of the documents that have at least one searchable chunk, sorted. Walks the terms of the
   * document id field (deleted chunks keep their terms until a merge, so each is counted live);
   * meant for reconciliation, not for every request.
   */
  @Override
  public SortedSet<String> documentIds() {
    return withSearcher(
        s -> {
          try {
            SortedSet<String> ids = new TreeSet<>();
            Terms terms = MultiTerms.getTerms(s.getIndexReader(), IndexFields.DOCUMENT_ID);
            if (terms == null) {
              return ids;
            }
            TermsEnum it = terms.iterator();
            for (BytesRef term = it.next(); term != null; term = it.next()) {
              String id = term.utf8ToString();
              if (s.count(new TermQuery(new Term(IndexFields.DOCUMENT_ID, id))) > 0) {
                ids.add(id);
              }
            }
            return ids;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public int chunkCount() {
    return withSearcher(s -> s.getIndexReader().numDocs());
  }

  /** Metadata keys (without the {@code meta.} prefix) that at least one chunk carries. */
  @Override
  public Set<String> metadataFields() {
    return withSearcher(
        s -> {
          Set<String> keys = new TreeSet<>();
          for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            for (FieldInfo f : leaf.reader().getFieldInfos()) {
              if (f.name.startsWith(IndexFields.META_PREFIX)) {
                keys.add(f.name.substring(IndexFields.META_PREFIX.length()));
              }
            }
          }
          return keys;
        });
  }

  public Path directory() {
    return path;
  }

  @Override
  public IndexSettings settings() {
    return settings;
  }

  @Override
  public IndexManifest manifest() {
    return manifest;
  }

  @Override
  public Embedder embedder() {
    return embedder;
  }

  @Override
  public String location() {
    return path.toString();
  }

  /** The analyser of the BM25 field, for building queries. */
  public Analyzer analyzer() {
    return analyzer;
  }

  /** Size of the index files on disk, in bytes. */
  public long sizeOnDisk() {
    try {
      long total = 0;
      for (String file : directory.listAll()) {
        total += directory.fileLength(file);
      }
      return total;
    } catch (IOException e) {
      throw new IndexUnavailableException("Cannot list the index at " + path + ": " + e, path, e);
    }
  }

  /**
   * False once the index was closed, or once its writer closed itself after a failure it cannot
   * recover from (Lucene's "tragic" events, such as a full disk): such an index must be opened
   * again.
   */
  @Override
  public boolean isOpen() {
    return writer.isOpen();
  }

  /** Closes readers, the writer and the directory; pending changes were committed already. */
  @Override
  public synchronized void close() {
    try (Directory d = directory;
        IndexWriter w = writer;
        SearcherManager s = searchers) {
      analyzer.close();
    } catch (IOException e) {
      throw new IndexUnavailableException(
          "Closing the index at " + path + " failed: " + e, path, e);
    }
  }
}
