package dev.quarry.api.ingest;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Re-indexes a knowledge base after its chunk settings changed: one ingestion job per document, for
 * the version it already has, so the worker reads the stored blob again and the pipeline (whose
 * "unchanged" check keys on the chunk settings and the model) re-chunks and re-embeds it.
 *
 * <p>Each document's old chunks are swapped for the new ones atomically ({@code
 * KnowledgeIndex.replace} on the document id), so searches find every document throughout: its old
 * chunks until its job commits, its new chunks after. The jobs are ordinary catalogue rows, so a
 * restart resumes the re-index where it stopped; an upload during the re-index supersedes the
 * document's queued job and is ingested with the new settings.
 */
public final class Reindex {

  private Reindex() {}

  /**
   * Queues a job for every document of the knowledge base that has no queued job for its latest
   * version. Runs in the caller's transaction, which should hold the knowledge base's row.
   *
   * @return how many documents were queued
   */
  public static int queueAll(String kbId, Instant now) {
    Set<String> waiting =
        IngestionJob.<IngestionJob>list("kbId = ?1 and state = ?2", kbId, JobState.QUEUED).stream()
            .map(j -> j.documentId + "@" + j.version)
            .collect(Collectors.toSet());
    int queued = 0;
    for (Document doc : Document.<Document>list("kbId", kbId)) {
      if (!waiting.contains(doc.id + "@" + doc.version)) {
        Uploads.enqueue(doc, now);
        queued++;
      }
    }
    return queued;
  }
}
