package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Ingest version {@link #version} of a document: kept in the catalogue so it survives restarts. */
@Entity
@Table(name = "ingestion_job")
public class IngestionJob extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "kb_id")
  public String kbId;

  @Column(name = "document_id")
  public String documentId;

  public long version;

  /**
   * Null: the job writes the live index generation, and the one a re-index is building if any. N: a
   * re-index job that writes generation N only (superseded when the knowledge base no longer builds
   * N).
   */
  public Integer generation;

  @Enumerated(EnumType.STRING)
  public JobState state;

  public int attempts;

  @Column(name = "next_attempt_at")
  public Instant nextAttemptAt;

  @Column(name = "last_error")
  public String lastError;

  /** Retried until then after transient failures (set at the first one); null before. */
  @Column(name = "retry_until")
  public Instant retryUntil;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /**
   * The server ({@link ServerLease#id}) that claimed the job last; a RUNNING job is queued again
   * only when that server's lease has run out.
   */
  @Column(name = "claimed_by")
  public String claimedBy;

  /**
   * Queues a job for the document's current version, due now.
   *
   * @param generation null for the live generation (and the one being built), N for a re-index
   */
  public static IngestionJob queue(Document doc, Integer generation, Instant now) {
    IngestionJob job = new IngestionJob();
    job.id = UUID.randomUUID().toString();
    job.kbId = doc.kbId;
    job.documentId = doc.id;
    job.version = doc.version;
    job.generation = generation;
    job.state = JobState.QUEUED;
    job.attempts = 0;
    job.nextAttemptAt = now;
    job.createdAt = now;
    job.updatedAt = now;
    job.persist();
    return job;
  }

  /** Queued jobs that are due, oldest first, except those of the knowledge bases {@code held}. */
  public static List<IngestionJob> due(Instant now, int max, Set<String> held) {
    var query =
        held.isEmpty()
            ? find("state = ?1 and nextAttemptAt <= ?2 order by createdAt", JobState.QUEUED, now)
            : find(
                "state = ?1 and nextAttemptAt <= ?2 and kbId not in ?3 order by createdAt",
                JobState.QUEUED,
                now,
                held);
    return query.page(0, max).list();
  }
}
