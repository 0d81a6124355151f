package dev.quarry.api.ingest;

import dev.quarry.api.ApiException;
import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.DocumentVersion;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.storage.BlobCollector;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.api.storage.FileNames;
import dev.quarry.api.storage.UploadTypes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Accepts documents: stores the bytes durably, records each document version and its ingestion job,
 * all files of a request in one transaction, then wakes the workers. When {@link #accept} returns,
 * the upload survives a crash: the blobs are fsynced and the jobs are committed.
 */
@ApplicationScoped
public class Uploads {

  @Inject Generations generations;
  @Inject BlobStore blobs;
  @Inject UploadTypes types;
  @Inject QuarryConfig config;
  @Inject IngestionEvents events;
  @Inject IngestionWorker worker;
  @Inject Pipelines pipelines;
  @Inject BlobCollector collector;

  /** One file of an upload: its name as sent and where the HTTP layer spooled it. */
  public record Upload(String name, Path file) {}

  /** A file that passed {@link #validate}: its cleaned name and the media type read from it. */
  public record Checked(String name, Path file, String mediaType) {}

  /**
   * Checks a whole upload before anything is stored, so a request with one bad file stores none.
   *
   * @return the files with cleaned names and detected types, in order
   * @throws ApiException 413 (too many files, a file too large), 415 (an unreadable type), 400 (a
   *     name with nothing usable)
   */
  public List<Checked> validate(List<Upload> files) {
    if (files.isEmpty()) {
      throw ApiException.badRequest(
          "No file in the request: send one or more multipart parts named 'file'.");
    }
    if (files.size() > config.limits().maxFilesPerRequest()) {
      throw ApiException.tooLarge(
          files.size()
              + " files in one request; the limit is "
              + config.limits().maxFilesPerRequest()
              + " (quarry.limits.max-files-per-request). Send them in several requests.");
    }
    List<Checked> checked = new ArrayList<>();
    for (Upload u : files) {
      String name = FileNames.clean(u.name());
      long size = size(u.file());
      if (size > config.limits().maxFileBytes()) {
        throw ApiException.tooLarge(
            "'"
                + name
                + "' is "
                + size
                + " bytes; the limit is "
                + config.limits().maxFileBytes()
                + " (quarry.limits.max-file-bytes).");
      }
      checked.add(new Checked(name, u.file(), types.check(u.file(), name)));
    }
    return checked;
  }

  /**
   * Stores the files of one request as new documents, or as new versions of the documents with
   * their names, in one transaction: every file is recorded, or none is. Two files of one name
   * become two versions, in the request's order.
   *
   * @return each file's document as recorded, in order
   * @throws ApiException 404 when the knowledge base was deleted meanwhile, 409 while it is being
   *     deleted
   */
  public List<DocumentEvent> accept(KnowledgeBase kb, List<Checked> files) {
    return store(kb, files, Optional.empty());
  }

  /**
   * Stores one file as a new document, or as a new version of the document with that name (or of
   * {@code documentId} when given, keeping that document's name).
   *
   * @return the document as recorded
   * @throws ApiException 404 for an unknown {@code documentId} or a knowledge base deleted
   *     meanwhile, 409 while the knowledge base is being deleted
   */
  public DocumentEvent accept(KnowledgeBase kb, Checked upload, Optional<String> documentId) {
    return store(kb, List.of(upload), documentId).get(0);
  }

  /**
   * Stores the bytes (each file fsynced), then records every file in one transaction while no
   * collection of their blobs can run. On failure the blobs stored for it go again, unless another
   * document uses them.
   */
  private List<DocumentEvent> store(
      KnowledgeBase kb, List<Checked> files, Optional<String> documentId) {
    List<BlobStore.Stored> stored = new ArrayList<>();
    List<DocumentEvent> recorded;
    try {
      for (Checked file : files) {
        stored.add(put(file));
      }
      Set<String> hashes =
          stored.stream().map(BlobStore.Stored::sha256).collect(Collectors.toSet());
      recorded =
          collector.whileHeld(
              hashes,
              () -> {
                for (int i = 0; i < files.size(); i++) {
                  ensureStored(files.get(i), stored.get(i));
                }
                return QuarkusTransaction.requiringNew()
                    .call(() -> record(kb.id, files, stored, documentId));
              });
    } catch (RuntimeException e) {
      stored.stream().map(BlobStore.Stored::sha256).distinct().forEach(collector::deleteIfUnused);
      throw e;
    }
    recorded.forEach(events::publish);
    worker.wake();
    return recorded;
  }

  private BlobStore.Stored put(Checked upload) {
    try (InputStream in = Files.newInputStream(upload.file())) {
      return blobs.put(in, config.limits().maxFileBytes(), upload.name());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot store the upload '" + upload.name() + "'", e);
    }
  }

  /**
   * Stores the bytes again when a collection removed the shared blob between {@link BlobStore#put}
   * and now (another document with the same bytes was deleted meanwhile).
   */
  private void ensureStored(Checked upload, BlobStore.Stored stored) {
    if (!Files.exists(blobs.path(stored.sha256()))) {
      put(upload);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the upload " + file, e);
    }
  }

  /**
   * Records each file's version and its job. Holds the knowledge base's row lock until the commit,
   * which orders concurrent uploads of one knowledge base (two uploads of one name each get a
   * version) and orders uploads against a deletion (which marks the row first).
   *
   * @throws ApiException 404 when the knowledge base is gone, 409 while it is being deleted
   */
  private List<DocumentEvent> record(
      String kbId,
      List<Checked> files,
      List<BlobStore.Stored> stored,
      Optional<String> documentId) {
    KnowledgeBase kb = KnowledgeBase.findById(kbId, LockModeType.PESSIMISTIC_WRITE);
    if (kb == null) {
      throw ApiException.notFound("No knowledge base '" + kbId + "' (it was deleted).");
    }
    if (!kb.isActive()) {
      throw ApiException.conflict(
          "The knowledge base '" + kb.name + "' is being deleted; it takes no uploads.");
    }
    Instant now = Instant.now();
    // Every document the request names, read in one query before anything is written (a lookup
    // per file would make Hibernate flush the request's earlier files before each one).
    Map<String, Document> byName =
        documentId.isPresent()
            ? new HashMap<>()
            : Document.byNames(kb.id, files.stream().map(Checked::name).toList());
    List<DocumentEvent> recorded = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Checked file = files.get(i);
      Optional<Document> existing =
          documentId.isPresent()
              ? Optional.of(documentToVersion(kb, documentId.get()))
              : Optional.ofNullable(byName.get(file.name()));
      Document doc = recordFile(kb, file.name(), existing, stored.get(i), file.mediaType(), now);
      // A second file of the same name becomes the next version of the same entity.
      byName.put(file.name(), doc);
      // A snapshot, taken before that second file changes the entity.
      recorded.add(DocumentEvent.of(doc));
    }
    return recorded;
  }

  /**
   * The document a new version is for, looked up again under the row lock (it may have been deleted
   * since the request found it).
   *
   * @throws ApiException 404 when the knowledge base has no such document
   */
  private static Document documentToVersion(KnowledgeBase kb, String documentId) {
    return Document.findInKb(kb.id, documentId)
        .orElseThrow(
            () ->
                ApiException.notFound("No document '" + documentId + "' in this knowledge base."));
  }

  /**
   * Records one file's version and its job (in the caller's transaction, under the row lock): a new
   * version of {@code existing}, or a new document named {@code name}.
   */
  private static Document recordFile(
      KnowledgeBase kb,
      String name,
      Optional<Document> existing,
      BlobStore.Stored stored,
      String mediaType,
      Instant now) {
    Document doc = existing.orElseGet(Document::new);
    if (existing.isEmpty()) {
      doc.id = UUID.randomUUID().toString();
      doc.kbId = kb.id;
      doc.name = name;
      doc.version = 0;
      doc.indexedVersion = 0;
      doc.createdAt = now;
    } else {
      // A newer upload makes older queued ones moot: only the latest version gets ingested.
      IngestionJob.update(
          "state = ?1, updatedAt = ?2 where documentId = ?3 and state = ?4",
          JobState.SUPERSEDED,
          now,
          doc.id,
          JobState.QUEUED);
    }
    doc.version += 1;
    doc.sha256 = stored.sha256();
    doc.sizeBytes = stored.size();
    doc.mediaType = mediaType;
    doc.status = DocumentStatus.QUEUED;
    doc.error = null;
    doc.updatedAt = now;
    doc.persist();

    DocumentVersion v = new DocumentVersion();
    v.key = new DocumentVersion.Key(doc.id, doc.version);
    v.sha256 = stored.sha256();
    v.sizeBytes = stored.size();
    v.mediaType = mediaType;
    v.createdAt = now;
    v.persist();

    enqueue(doc, now);
    return doc;
  }

  /** Adds a job for the document's latest version (in the caller's transaction). */
  static void enqueue(Document doc, Instant now) {
    IngestionJob.queue(doc, null, now);
  }

  /**
   * Deletes a document: its catalogue rows, its chunks, and its blobs no other version uses.
   *
   * @throws ApiException 404 when it does not exist in the knowledge base
   */
  public void delete(KnowledgeBase kb, String documentId) {
    Deleted gone =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Document doc =
                      Document.findInKb(kb.id, documentId)
                          .orElseThrow(
                              () ->
                                  ApiException.notFound(
                                      "No document '" + documentId + "' in this knowledge base."));
                  List<String> shas = blobsOf(doc.id);
                  DocumentVersion.delete("key.documentId", doc.id);
                  IngestionJob.delete("documentId", doc.id);
                  doc.delete();
                  return new Deleted(DocumentEvent.deleted(doc), shas);
                });
    gone.blobs().forEach(collector::deleteIfUnused);
    // The index change comes after the catalogue commit: a worker that finishes this document
    // later finds no row and removes what it wrote (see IngestionWorker). It throws 404 when the
    // knowledge base was deleted meanwhile, with its whole index. The event goes out only after
    // it: a client that sees "deleted" and asks at once must not be answered from the document.
    try {
      generations.removeEverywhere(kb.id, documentId); // both generations during a re-index
    } finally {
      events.publish(gone.event());
    }
  }

  private record Deleted(DocumentEvent event, List<String> blobs) {}

  static List<String> blobsOf(String documentId) {
    return DocumentVersion.<DocumentVersion>list("key.documentId", documentId).stream()
        .map(v -> v.sha256)
        .distinct()
        .toList();
  }
}
