package dev.quarry.api;

import static dev.quarry.api.testing.Api.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.DocumentStatus;
import dev.quarry.api.catalogue.IngestionJob;
import dev.quarry.api.catalogue.JobState;
import dev.quarry.api.catalogue.ServerLease;
import dev.quarry.api.ingest.Reconciler;
import dev.quarry.api.replicas.LeaseKeeper;
import dev.quarry.api.replicas.SharedCatalogueException;
import dev.quarry.api.replicas.ThisServer;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules that let several servers share a catalogue, on one server with a second one's lease
 * written into the catalogue: what a running server holds is left alone, what a gone one left is
 * taken over. (Two real server processes: ReplicasIT.)
 */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class ServerLeaseTest {

  private static final String OTHER = "another-server";

  @Inject Reconciler reconciler;
  @Inject LeaseKeeper leaseKeeper;
  @Inject ThisServer server;
  @Inject BlobStore blobs;

  @AfterEach
  void removeTheOtherServer() throws Exception {
    QuarkusTransaction.requiringNew().run(() -> ServerLease.deleteById(OTHER));
    // its partial upload too: other tests on this data directory count what is in incoming/
    Path uploads = blobs.root().resolve("incoming").resolve(OTHER);
    if (Files.isDirectory(uploads)) {
      try (var files = Files.list(uploads)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(uploads);
    }
  }

  @Test
  void should_leave_the_jobs_of_a_running_server_alone_and_take_them_over_when_its_lease_ends() {
    // given: a job another server holds, and that server's fresh lease
    String kb = Api.createKb("Held elsewhere");
    String id = Api.upload(ADMIN, kb, Api.file("h.txt", "Held by another server.")).get(0);
    Api.awaitReady(kb, id);
    otherServer(Instant.now());
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              IngestionJob.update(
                  "state = ?1, claimedBy = ?2 where documentId = ?3", JobState.RUNNING, OTHER, id);
              Document.update("status = ?1 where id = ?2", DocumentStatus.PROCESSING, id);
            });

    // when: this server reconciles, as a server starting beside it does
    Reconciler.Report report = reconciler.run();

    // then: the job is still the other server's
    assertThat(report.requeuedJobs()).isZero();
    assertThat(jobOf(id).state).isEqualTo(JobState.RUNNING);
    assertThat(statusOf(id)).isEqualTo(DocumentStatus.PROCESSING);

    // when: the other server stops renewing its lease
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ServerLease.update(
                    "heartbeatAt = ?1 where id = ?2",
                    Instant.now().minus(Duration.ofHours(1)),
                    OTHER));
    leaseKeeper.takeOver();

    // then: this server takes the job over and finishes it, and the lease is gone
    Api.awaitReady(kb, id);
    assertThat(jobOf(id).claimedBy).isEqualTo(server.id());
    assertThat(jobOf(id).state).isEqualTo(JobState.DONE);
    ServerLease gone = QuarkusTransaction.requiringNew().call(() -> ServerLease.findById(OTHER));
    assertThat(gone).isNull();
  }

  @Test
  void should_keep_the_partial_uploads_of_a_running_server_and_delete_those_of_a_gone_one()
      throws Exception {
    // given: uploads cut short in the shared blob directory, by a running and by a gone server
    otherServer(Instant.now());
    Path incoming = blobs.root().resolve("incoming");
    Path running = Files.createDirectories(incoming.resolve(OTHER)).resolve("upload-1.part");
    Path gone =
        Files.createDirectories(incoming.resolve("a-server-that-crashed")).resolve("upload-2.part");
    Files.writeString(running, "half an upload in progress");
    Files.writeString(gone, "half an upload a crash cut short");

    // when
    reconciler.run();

    // then
    assertThat(running).exists();
    assertThat(gone).doesNotExist();
  }

  @Test
  void should_refuse_embedded_indexes_beside_another_running_server() {
    // given: another server, on another host, holds a lease on this catalogue
    otherServer(Instant.now());

    // when / then: embedded indexes would live on two disks
    assertThatThrownBy(() -> server.register(true))
        .isInstanceOf(SharedCatalogueException.class)
        .hasMessageContaining("quarry.index.backend=opensearch")
        .hasMessageContaining(OTHER);
  }

  private static void otherServer(Instant heartbeat) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ServerLease lease = new ServerLease();
              lease.id = OTHER;
              lease.host = "other-host";
              lease.pid = 4242;
              lease.dataDir = "/srv/quarry";
              lease.startedAt = heartbeat;
              lease.heartbeatAt = heartbeat;
              lease.persist();
            });
  }

  private static IngestionJob jobOf(String documentId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> IngestionJob.<IngestionJob>find("documentId", documentId).firstResult());
  }

  private static DocumentStatus statusOf(String documentId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> Document.<Document>findById(documentId).status);
  }
}
