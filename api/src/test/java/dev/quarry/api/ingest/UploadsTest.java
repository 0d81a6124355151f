package dev.quarry.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBases;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.api.testing.Api;
import dev.quarry.api.testing.TempDataDir;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files of one upload request are recorded together, in one transaction, or not at all. */
@QuarkusTest
@WithTestResource(TempDataDir.class)
class UploadsTest {

  @Inject Uploads uploads;
  @Inject KnowledgeBases knowledgeBases;
  @Inject BlobStore blobs;

  @Test
  void should_record_none_of_a_request_s_files_and_keep_none_of_their_bytes_when_one_fails()
      throws Exception {
    // given: a request of two files that passed the checks, the second of which can no longer be
    // stored (its spooled bytes are gone, as on a failing disk)
    KnowledgeBase kb = knowledgeBases.create("Whole requests");
    Path kept = Api.file("kept.txt", "Only this test's first file holds these words.");
    Path lost = Api.file("lost.txt", "The second file of the request.");
    List<Uploads.Checked> request =
        uploads.validate(
            List.of(new Uploads.Upload("kept.txt", kept), new Uploads.Upload("lost.txt", lost)));
    Files.delete(lost);

    // when
    assertThatThrownBy(() -> uploads.accept(kb, request))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("lost.txt");

    // then: no document of the request, and the first file's stored bytes are gone again
    long documents = QuarkusTransaction.requiringNew().call(() -> Document.count("kbId", kb.id));
    assertThat(documents).isZero();
    assertThat(blobs.list()).doesNotContain(sha256(kept));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
