package dev.quarry.ingestion.pipeline;

import dev.quarry.ingestion.BadDocumentException;
import dev.quarry.ingestion.IngestionException;
import dev.quarry.ingestion.SourceUnreadableException;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.TokenAwareChunker;
import dev.quarry.ingestion.parse.DocumentParser;
import dev.quarry.ingestion.parse.ParsedDocument;
import dev.quarry.ingestion.parse.TikaDocumentParser;
import dev.quarry.ingestion.parse.TimeLimitedParser;
import dev.quarry.ingestion.pipeline.IngestResult.Status;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.DocumentChunks;
import dev.quarry.retriever.index.IndexChange;
import dev.quarry.retriever.index.IndexedDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes documents from bytes to searchable chunks in one knowledge base.
 *
 * <ol>
 *   <li>Read the bytes (a file's size is checked against the limit before it is read).
 *   <li>Hash them (SHA-256).
 *   <li>Skip the document when the index already holds a version with the same hash, cut with the
 *       same chunk settings and embedded by the same model ({@link #CHUNKED_WITH}): identical bytes
 *       are never parsed or embedded twice, but new chunk settings re-chunk them.
 *   <li>Parse under a time limit and a memory guard ({@link TimeLimitedParser}, {@link
 *       dev.quarry.ingestion.parse.ParseLimits}).
 *   <li>Chunk ({@link TokenAwareChunker}); every chunk carries {@code sha256}, {@code mediaType},
 *       {@code source} and the document's own metadata.
 *   <li>{@link ChunkIndex#replace} (one document) or {@link ChunkIndex#replaceAll} (a batch) as
 *       version + 1: embeds, swaps the old version for the new one atomically, commits.
 * </ol>
 *
 * <p>Steps 1–5 are {@link #prepare}, step 6 is {@link #commit}; {@link #ingestAll} runs them for a
 * batch with parsing in parallel. A document that fails any step ends as a {@link
 * IngestResult.Status#FAILED} result with a reason and leaves its previous version in place; the
 * other documents go on. Thread-safe.
 */
public final class IngestionPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestionPipeline.class);

  /** Metadata keys the pipeline puts on every chunk. */
  public static final String SHA256 = "sha256";

  public static final String MEDIA_TYPE = "mediaType";
  public static final String SOURCE = "source";

  /**
   * The absolute path a document can be read again from, for sources that name one ({@link
   * SourceDocument#rereadFrom}); absent for a server's uploads.
   */
  public static final String PATH = "path";

  /**
   * What the chunks were made with besides the bytes: chunk size, overlap and embedding model, as
   * {@code 300/50 bge-small-en-v1.5-q}. Part of the "unchanged" check with {@link #SHA256}.
   */
  public static final String CHUNKED_WITH = "chunkedWith";

  private final ChunkIndex index;
  private final DocumentParser parser;
  private final Chunker chunker;
  private final IngestionSettings settings;
  private final AutoCloseable ownedParser;
  private final String chunkedWith;

  /**
   * A pipeline with Tika under the settings' limits, OCR by the Tesseract on {@code PATH}, and the
   * index's embedding tokenizer.
   */
  public IngestionPipeline(ChunkIndex index, IngestionSettings settings) {
    this(
        index,
        new TimeLimitedParser(
            new TikaDocumentParser(settings.limits(), settings.ocr()), settings.limits().timeout()),
        new TokenAwareChunker(index.embedder(), settings.chunking()),
        settings,
        true);
  }

  /**
   * @param parser parses one file; it should enforce its own time limit
   */
  public IngestionPipeline(
      ChunkIndex index, DocumentParser parser, Chunker chunker, IngestionSettings settings) {
    this(index, parser, chunker, settings, false);
  }

  private IngestionPipeline(
      ChunkIndex index,
      DocumentParser parser,
      Chunker chunker,
      IngestionSettings settings,
      boolean ownsParser) {
    this.index = Objects.requireNonNull(index, "index");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.chunker = Objects.requireNonNull(chunker, "chunker");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ownedParser = ownsParser && parser instanceof AutoCloseable c ? c : null;
    this.chunkedWith =
        new ChunkedWith(settings.chunking(), index.embedder().info().name()).toString();
    LOG.info("Ingestion into {}: {}", index.location(), settings);
  }

  public IngestionSettings settings() {
    return settings;
  }

  /** Ingests one document and commits it. */
  public IngestResult ingest(SourceDocument source) {
    PreparedDocument prepared = prepare(source);
    return prepared.ready() ? commit(List.of(prepared)).get(0) : prepared.outcome();
  }

  /** Ingests a batch: parses in parallel, embeds and commits in batches, reports each document. */
  public IngestionReport ingestAll(List<SourceDocument> sources, IngestionListener listener) {
    return new BatchIngestion(this, settings, listener).run(sources);
  }

  /** Steps 1–5: everything but the index write. Never throws for a bad document. */
  public PreparedDocument prepare(SourceDocument source) {
    long t0 = System.nanoTime();
    long t1 = t0;
    long t2 = t0;
    try {
      byte[] bytes = read(source);
      String sha256 = sha256(bytes);
      t1 = System.nanoTime();
      Optional<IndexedDocument> indexed = index.document(source.documentId());
      if (indexed.isPresent() && unchanged(indexed.get(), sha256)) {
        IndexedDocument d = indexed.get();
        StageTimings t = timings(t0, t1, t1);
        return finished(
            source,
            IngestResult.done(
                source.documentId(),
                source.origin(),
                Status.UNCHANGED,
                d.version(),
                d.chunks(),
                t));
      }
      ParsedDocument parsed = parser.parse(bytes, source.name(), source.mediaType());
      t2 = System.nanoTime();
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put(SHA256, sha256);
      fields.put(CHUNKED_WITH, chunkedWith);
      fields.put(MEDIA_TYPE, parsed.mediaType());
      fields.put(SOURCE, source.name());
      if (source.rereadFrom() != null) {
        fields.put(PATH, source.rereadFrom().toString());
      }
      List<Chunk> chunks = chunker.chunk(parsed, fields);
      if (chunks.isEmpty()) {
        throw new BadDocumentException(source.name(), "the document has no text outside headings");
      }
      long version = indexed.map(d -> d.version() + 1).orElse(1L);
      return new PreparedDocument(
          source,
          new DocumentChunks(source.documentId(), version, chunks),
          null,
          new StageTimings(t1 - t0, t2 - t1, System.nanoTime() - t2, 0, 0));
    } catch (IngestionException e) {
      return failed(source, e.reason(), e.retryable(), timings(t0, t1, t2));
    } catch (RetrieverException e) {
      return failed(
          source, "cannot read the index: " + e.getMessage(), e.retryable(), timings(t0, t1, t2));
    } catch (RuntimeException e) {
      // A bug or a library failure on one file must not stop the batch; the log keeps the trace.
      // Retryable: nothing says the file is at fault, and the attempts are bounded.
      LOG.warn("Ingesting {} failed unexpectedly", source.origin(), e);
      return failed(source, "internal error: " + e, true, timings(t0, t1, t2));
    }
  }

  /** The same bytes, chunked with the same settings and model, as the indexed version. */
  private boolean unchanged(IndexedDocument indexed, String sha256) {
    return sha256.equals(indexed.metadata().get(SHA256))
        && chunkedWith.equals(indexed.metadata().get(CHUNKED_WITH));
  }

  private static StageTimings timings(long t0, long t1, long t2) {
    long now = System.nanoTime();
    return new StageTimings(t1 - t0, Math.max(0, t2 - t1), now - Math.max(t1, t2), 0, 0);
  }

  private static PreparedDocument failed(
      SourceDocument source, String reason, boolean retryable, StageTimings t) {
    return finished(
        source, IngestResult.failed(source.documentId(), source.origin(), reason, retryable, t));
  }

  private static PreparedDocument finished(SourceDocument source, IngestResult result) {
    return new PreparedDocument(source, null, result, result.timings());
  }

  /**
   * Step 6 for prepared documents: one embedding pass and one commit. If the index write fails,
   * every document of the batch fails with the reason and keeps its previous version.
   */
  public List<IngestResult> commit(List<PreparedDocument> ready) {
    List<DocumentChunks> docs = ready.stream().map(PreparedDocument::chunks).toList();
    List<IngestResult> results = new ArrayList<>(ready.size());
    IndexChange change;
    try {
      change = index.replaceAll(docs);
    } catch (RetrieverException e) {
      LOG.warn("Indexing a batch of {} documents failed", ready.size(), e);
      for (PreparedDocument p : ready) {
        results.add(
            IngestResult.failed(
                p.source().documentId(),
                p.source().origin(),
                "indexing failed: " + e.getMessage(),
                e.retryable(),
                p.timings()));
      }
      return results;
    }
    long chunks = Math.max(1, change.chunksAdded());
    long writeNanos = change.totalNanos() - change.embedNanos();
    for (PreparedDocument p : ready) {
      int n = p.chunks().chunks().size();
      StageTimings t =
          p.timings().withIndexing(change.embedNanos() * n / chunks, writeNanos * n / chunks);
      results.add(
          IngestResult.done(
              p.source().documentId(),
              p.source().origin(),
              Status.INGESTED,
              p.chunks().version(),
              n,
              t));
    }
    return results;
  }

  /** Removes every chunk of {@code documentId}; fails (with a reason) if it is not indexed. */
  public IngestResult delete(String documentId) {
    try {
      if (index.document(documentId).isEmpty()) {
        return IngestResult.failed(
            documentId, documentId, "no such document in this knowledge base", false, null);
      }
      IndexChange change = index.delete(documentId);
      return IngestResult.done(
          documentId, documentId, Status.DELETED, 0, change.chunksRemoved(), null);
    } catch (RetrieverException e) {
      return IngestResult.failed(
          documentId, documentId, "delete failed: " + e.getMessage(), e.retryable(), null);
    }
  }

  private byte[] read(SourceDocument source) {
    if (source.content() != null) {
      return source.content();
    }
    try {
      long size = Files.size(source.file());
      long max = settings.limits().maxBytes();
      if (size > max) {
        throw new BadDocumentException(
            source.name(),
            "the file is " + megabytes(size) + ", over the limit of " + megabytes(max));
      }
      return Files.readAllBytes(source.file());
    } catch (NoSuchFileException e) {
      throw new IngestionException(source.name(), "the file is gone: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SourceUnreadableException(source.name(), "cannot be read: " + e.getMessage(), e);
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Closes the parser's worker threads when this pipeline created them; not the index. */
  @Override
  public void close() {
    if (ownedParser != null) {
      try {
        ownedParser.close();
      } catch (Exception e) {
        throw new IngestionException("", "closing the parser failed: " + e.getMessage(), e);
      }
    }
  }
}
