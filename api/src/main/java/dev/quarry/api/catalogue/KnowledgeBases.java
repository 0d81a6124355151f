package dev.quarry.api.catalogue;

import dev.quarry.api.ApiException;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.ingest.IngestionWorker;
import dev.quarry.api.ingest.Reindex;
import dev.quarry.api.ingest.ReindexEvent;
import dev.quarry.api.storage.BlobCollector;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.embed.EmbeddingModels;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates, renames, re-configures and deletes knowledge bases (catalogue rows and index). */
@ApplicationScoped
public class KnowledgeBases {

  /** How long a deletion waits for the knowledge base's running ingestion jobs to finish. */
  static final Duration JOBS_GRACE = Duration.ofSeconds(30);

  @Inject dev.quarry.api.ingest.Generations generations;
  @Inject dev.quarry.api.ingest.IngestionEvents events;
  @Inject Pipelines pipelines;
  @Inject BlobCollector blobs;
  @Inject IngestionWorker worker;
  @Inject EmbeddingModels models;

  public long count() {
    return QuarkusTransaction.requiringNew().call(() -> KnowledgeBase.count());
  }

  /** A knowledge base with the default embedding model ({@code quarry.index.embedding-model}). */
  public KnowledgeBase create(String name) {
    return create(name, null);
  }

  /**
   * A knowledge base embedded with {@code embeddingModel} (null: the default). Its chunks are the
   * default size, or the model's window when that is smaller.
   *
   * @throws ApiException 400 for a blank name or an unknown model
   */
  public KnowledgeBase create(String name, String embeddingModel) {
    String clean = KnowledgeBaseName.check(name);
    String model = checkModel(embeddingModel == null ? models.defaultName() : embeddingModel);
    int window = contentWindow(model);
    KnowledgeBase kb =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  KnowledgeBase k = new KnowledgeBase();
                  k.id = UUID.randomUUID().toString().replace("-", "");
                  k.name = clean;
                  k.chunkTokens = Math.min(ChunkingSettings.DEFAULT_TARGET_TOKENS, window);
                  k.chunkOverlap = ChunkingSettings.DEFAULT_OVERLAP_TOKENS;
                  k.embeddingModel = model;
                  k.state = KnowledgeBaseState.ACTIVE;
                  k.createdAt = Instant.now();
                  k.persist();
                  return k;
                });
    pipelines.index(kb.id); // creates the empty index now, so a search finds it at once
    return kb;
  }

  /**
   * Renames and/or changes chunking or the embedding model (null: unchanged). New chunk settings or
   * another model re-index every document in the background into a new index generation ({@link
   * Reindex}), built and searched with the new model; searches use the old generation and its
   * model, whole, until the new one holds every document. A change during a re-index abandons the
   * generation being built and starts a newer one.
   *
   * @throws ApiException 400 for a blank name, chunk settings out of range or wider than the
   *     model's window, or an unknown model; nothing changes then
   */
  public KnowledgeBase update(
      String kbId, String name, Integer chunkTokens, Integer chunkOverlap, String embeddingModel) {
    String checkedModel = embeddingModel == null ? null : checkModel(embeddingModel);
    Reindex.Started[] started = {null};
    KnowledgeBase kb =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  KnowledgeBase k = KnowledgeBase.findById(kbId, LockModeType.PESSIMISTIC_WRITE);
                  if (k == null || !k.isActive()) {
                    throw ApiException.notFound("No knowledge base '" + kbId + "'.");
                  }
                  if (name != null) {
                    k.name = KnowledgeBaseName.check(name);
                  }
                  int tokens = chunkTokens == null ? k.chunkTokens : chunkTokens;
                  int overlap = chunkOverlap == null ? k.chunkOverlap : chunkOverlap;
                  String model = checkedModel == null ? k.embeddingModel : checkedModel;
                  try {
                    new ChunkingSettings(tokens, overlap);
                  } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("Invalid chunking: " + e.getMessage() + ".");
                  }
                  boolean resized = chunkTokens != null || checkedModel != null;
                  if (resized && tokens > contentWindow(model)) {
                    throw ApiException.badRequest(
                        "Invalid chunking: chunks of "
                            + tokens
                            + " tokens do not fit the window of "
                            + model
                            + "; chunkTokens may be at most "
                            + contentWindow(model)
                            + " with that model.");
                  }
                  if (tokens != k.chunkTokens
                      || overlap != k.chunkOverlap
                      || !model.equals(k.embeddingModel)) {
                    k.chunkTokens = tokens;
                    k.chunkOverlap = overlap;
                    k.embeddingModel = model;
                    Reindex.Started r = Reindex.start(k, Instant.now());
                    started[0] = r;
                    Log.infof(
                        "Knowledge base %s: chunking now %d/%d with %s; re-indexing %d documents"
                            + " into generation %d",
                        k.id, tokens, overlap, model, r.queued(), r.generation());
                  }
                  return k;
                });
    if (started[0] != null && started[0].abandoned() != null) {
      pipelines.dropGeneration(kbId, started[0].abandoned()); // a re-index restarted
    }
    pipelines.forget(kbId);
    if (started[0] != null) {
      createGeneration(kbId, started[0].generation());
      events.publish(
          new ReindexEvent(
              kbId, ReindexEvent.STARTED, started[0].generation(), 0, started[0].queued()));
      generations.completeIfDone(kbId); // at once when there is no document to re-index
    }
    worker.wake();
    return kb;
  }

  /**
   * Creates the new generation's index now, with the new model in its manifest, so that it exists
   * even when no document is left to write it. When the index engine cannot be reached, the first
   * re-index job creates it instead.
   */
  private void createGeneration(String kbId, int generation) {
    try {
      pipelines.index(kbId, generation);
    } catch (RetrieverException e) {
      Log.warnf(e, "Knowledge base %s: generation %d will be created later", kbId, generation);
    }
  }

  /**
   * @throws ApiException 400 naming the known models when {@code name} is none of them
   */
  private String checkModel(String name) {
    if (!models.knows(name)) {
      throw ApiException.badRequest(
          "Unknown embedding model '"
              + name
              + "'; the known ones are "
              + String.join(", ", models.names())
              + " (GET /api/embedding-models).");
    }
    return name;
  }

  /** How many tokens a chunk of a known model may have: its window less the special tokens. */
  private int contentWindow(String model) {
    return models.info(model).orElseThrow().maxTokens() - 2;
  }

  /**
   * Deletes the knowledge base, its documents, jobs, keys and conversations, its index, and the
   * blobs no other document uses. Safe while uploads, searches and ingestion run:
   *
   * <ol>
   *   <li>the knowledge base is marked {@link KnowledgeBaseState#DELETING} in its own transaction;
   *       uploads lock its row and check that state, so from the commit on every upload is refused
   *       (409, then 404) and every read answers 404;
   *   <li>its running ingestion jobs are given {@link #JOBS_GRACE} to finish (new ones see the mark
   *       and stop);
   *   <li>its rows go in one transaction, children first;
   *   <li>its index is closed and deleted;
   *   <li>its blobs that no version of any knowledge base refers to are deleted.
   * </ol>
   *
   * A crash part-way leaves the mark, and {@link dev.quarry.api.ingest.Reconciler} finishes the job
   * at the next start.
   */
  public void delete(String kbId) {
    boolean marked =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    KnowledgeBase.update(
                            "state = ?1 where id = ?2", KnowledgeBaseState.DELETING, kbId)
                        > 0);
    if (!marked) {
      return; // deleted meanwhile by another request
    }
    if (!worker.awaitIdle(kbId, JOBS_GRACE)) {
      Log.warnf(
          "Knowledge base %s: ingestion jobs still ran after %s; deleting it anyway",
          kbId, JOBS_GRACE);
    }
    List<String> shas = finishDelete(kbId);
    int deleted = 0;
    for (String sha : shas) {
      if (blobs.deleteIfUnused(sha)) {
        deleted++;
      }
    }
    Log.infof(
        "Knowledge base %s deleted with its index, keys and %d blobs no other document uses",
        kbId, deleted);
  }

  /**
   * Removes the rows and the index of a knowledge base marked {@link KnowledgeBaseState#DELETING}.
   *
   * @return the blobs its document versions referred to (the caller deletes the unused ones)
   */
  public List<String> finishDelete(String kbId) {
    List<String> shas = QuarkusTransaction.requiringNew().call(() -> deleteRows(kbId));
    pipelines.drop(kbId);
    return shas;
  }

  /** Deletes a knowledge base's rows, children first (in the caller's transaction). */
  private static List<String> deleteRows(String kbId) {
    String ofKb = "key.documentId in (select d.id from Document d where d.kbId = ?1)";
    List<String> shas =
        DocumentVersion.<DocumentVersion>list(ofKb, kbId).stream()
            .map(v -> v.sha256)
            .distinct()
            .toList();
    DocumentVersion.delete(ofKb, kbId);
    IngestionJob.delete("kbId", kbId);
    Document.delete("kbId", kbId);
    ConversationTurn.delete(
        "key.conversationId in (select c.id from Conversation c where c.kbId = ?1)", kbId);
    Conversation.delete("kbId", kbId);
    ApiKey.delete("kbId", kbId);
    KnowledgeBase.deleteById(kbId);
    return shas;
  }
}
