package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.DocumentVersion;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.ingest.Reconciler;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.ChunkIndexes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The states a crash can leave behind, made by hand, and what start-up reconciliation does with
 * them. (The real SIGKILL test is CrashRecoveryIT.)
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class ReconcilerTest {

  @Inject Reconciler reconciler;
  @Inject Pipelines pipelines;
  @Inject BlobStore blobs;
  @Inject ChunkIndexes indexes;

  @Test
  void should_requeue_an_interrupted_job_and_finish_it() {
    // given: a READY document whose job a crashed server (no lease) left cut short, and whose
    // chunks are gone
    String kb = Api.createKb("Interrupted");
    String id = Api.upload(ADMIN, kb, Api.file("i.txt", "Interrupted work resumes.")).get(0);
    Api.awaitReady(kb, id);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              IngestionJob.update(
                  "state = ?1, claimedBy = ?2 where documentId = ?3",
                  JobState.RUNNING,
                  "a-server-that-crashed",
                  id);
              Document.update("status = ?1 where id = ?2", DocumentStatus.PROCESSING, id);
            });
    pipelines.index(kb).delete(id);

    // when
    Reconciler.Report report = reconciler.run();

    // then
    assertThat(report.requeuedJobs()).isEqualTo(1);
    Api.awaitReady(kb, id);
    assertThat(Api.search(ADMIN, kb, "interrupted work").getList("passages")).isNotEmpty();
  }

  @Test
  void should_remove_chunks_of_documents_the_catalogue_does_not_know() {
    // given
    String kb = Api.createKb("Stray");
    pipelines
        .index(kb)
        .replace("ghost", 1, List.of(Chunk.ofText(0, "ghost", "A ghost chunk from a crash.")));
    assertThat(Api.search(ADMIN, kb, "ghost chunk").getList("passages")).isNotEmpty();

    // when
    Reconciler.Report report = reconciler.run();

    // then
    assertThat(report.strayChunksDocuments()).isEqualTo(1);
    assertThat(Api.search(ADMIN, kb, "ghost chunk").getList("passages")).isEmpty();
  }

  @Test
  void should_leave_alone_an_index_made_without_the_server() throws Exception {
    // given: what `./quarry ingest --kb notes` leaves in the same data directory
    pipelines.index("notes").replace("n1", 1, List.of(Chunk.ofText(0, "n", "Local notes.")));
    String orphanedServerKb = "0123456789abcdef0123456789abcdef";
    pipelines.index(orphanedServerKb);

    // when
    Reconciler.Report report = reconciler.run();

    // then
    assertThat(report.strayIndexes()).isEqualTo(1);
    assertThat(indexes.list()).contains("notes").doesNotContain(orphanedServerKb);
  }

  @Test
  void should_repair_a_queued_document_whose_knowledge_base_is_gone_instead_of_failing()
      throws Exception {
    // given: what a delete racing an upload left before deletes were safe: a QUEUED document
    // without a job, whose knowledge base row is gone (H2 lets a test switch the foreign keys off)
    String kb = Api.createKb("Deleted under load");
    String id = Api.upload(ADMIN, kb, Api.file("late.txt", "An upload that came too late.")).get(0);
    Api.awaitReady(kb, id);
    String sha =
        QuarkusTransaction.requiringNew().call(() -> Document.<Document>findById(id).sha256);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              var em = Document.getEntityManager();
              em.createNativeQuery("SET REFERENTIAL_INTEGRITY FALSE").executeUpdate();
              try {
                IngestionJob.delete("documentId", id);
                Document.update("status = ?1 where id = ?2", DocumentStatus.QUEUED, id);
                em.createNativeQuery("DELETE FROM knowledge_base WHERE id = ?1")
                    .setParameter(1, kb)
                    .executeUpdate();
              } finally {
                em.createNativeQuery("SET REFERENTIAL_INTEGRITY TRUE").executeUpdate();
              }
            });
    assertThat(QuarkusTransaction.requiringNew().call(() -> Document.count("kbId", kb)))
        .as("the orphan is seeded")
        .isEqualTo(1);

    // when
    Reconciler.Report report = reconciler.run();

    // then: the orphan's rows, blob and index are gone, and reconciliation finished
    assertThat(report.orphanRows()).isPositive();
    assertThat(report.failedSteps()).isEmpty();
    assertThat(QuarkusTransaction.requiringNew().call(() -> Document.count("kbId", kb))).isZero();
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> DocumentVersion.count("key.documentId", id)))
        .isZero();
    assertThat(QuarkusTransaction.requiringNew().call(() -> IngestionJob.count("kbId", kb)))
        .isZero();
    assertThat(Files.exists(blobs.path(sha))).isFalse();
    assertThat(indexes.list()).doesNotContain(kb);
  }

  @Test
  void should_delete_blobs_no_document_refers_to() throws Exception {
    // given: bytes stored by an upload that crashed before its catalogue commit
    BlobStore.Stored orphan =
        blobs.put(
            new ByteArrayInputStream("orphan".getBytes(StandardCharsets.UTF_8)), 1000, "orphan");
    assertThat(blobs.path(orphan.sha256())).exists();

    // when
    reconciler.run();

    // then
    assertThat(Files.exists(blobs.path(orphan.sha256()))).isFalse();
  }
}
