package dev.quarry.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.Fixtures;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.pipeline.IngestResult.Status;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexedDocument;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestionPipelineTest {

  private static OnnxBertEmbedder model;

  @TempDir Path dir;
  private KnowledgeIndex index;
  private IngestionPipeline pipeline;

  @BeforeAll
  static void loadModel() {
    model = OnnxBertEmbedder.bgeSmallEnV15(new EmbedderSettings(2, 1, 512));
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @BeforeEach
  void open() {
    index = KnowledgeIndex.open(dir.resolve("index"), IndexSettings.defaults(), model);
    IngestionSettings settings =
        IngestionSettings.defaults()
            .withLimits(ParseLimits.defaults().withMaxBytes(64 * 1024))
            .withParseThreads(2);
    pipeline = new IngestionPipeline(index, settings);
  }

  @AfterEach
  void close() {
    pipeline.close();
    index.close();
  }

  private static String handbook(String password) {
    return "# Office handbook\n\n## Kitchen\n\nThe dishwasher runs every evening at six. Please"
        + " rinse your cups before you put them in.\n\n## Network\n\nThe guest wifi network is"
        + " called Harbour. The office wifi password is "
        + password
        + ", and it changes every quarter.\n\n## Parking\n\nVisitors park in the two bays next to"
        + " the loading dock.\n";
  }

  private static SourceDocument text(String id, String content) {
    return SourceDocument.ofBytes(id, id, content.getBytes(StandardCharsets.UTF_8));
  }

  private List<Passage> search(String query) {
    return new HybridRetriever(index).search(SearchRequest.of(query, 5)).passages();
  }

  @Test
  void should_find_only_the_new_text_after_update_and_nothing_after_delete() {
    // given
    assertThat(pipeline.ingest(text("handbook.md", handbook("BLUEBIRD-42"))).status())
        .isEqualTo(Status.INGESTED);
    assertThat(search("What is the office wifi password?").get(0).text()).contains("BLUEBIRD-42");

    // when: a new version changes the answer
    IngestResult updated = pipeline.ingest(text("handbook.md", handbook("ORANGE-77")));

    // then: the best passage has the new text, and no passage has the old one
    assertThat(updated.status()).isEqualTo(Status.INGESTED);
    assertThat(updated.version()).isEqualTo(2);
    List<Passage> after = search("What is the office wifi password?");
    assertThat(after.get(0).text()).contains("ORANGE-77");
    assertThat(after.get(0).headingPath()).containsExactly("Office handbook", "Network");
    assertThat(after).allSatisfy(p -> assertThat(p.text()).doesNotContain("BLUEBIRD"));
    assertThat(after).allSatisfy(p -> assertThat(p.version()).isEqualTo(2));

    // when: the document is deleted
    IngestResult deleted = pipeline.delete("handbook.md");

    // then
    assertThat(deleted.status()).isEqualTo(Status.DELETED);
    assertThat(deleted.chunks()).isPositive();
    assertThat(search("What is the office wifi password?")).isEmpty();
    assertThat(index.chunkCount()).isZero();
  }

  @Test
  void should_say_unchanged_when_the_same_bytes_come_again() {
    // given
    IngestResult first = pipeline.ingest(text("handbook.md", handbook("BLUEBIRD-42")));

    // when
    IngestResult again = pipeline.ingest(text("handbook.md", handbook("BLUEBIRD-42")));

    // then: same version, nothing parsed or embedded
    assertThat(again.status()).isEqualTo(Status.UNCHANGED);
    assertThat(again.version()).isEqualTo(first.version());
    assertThat(again.chunks()).isEqualTo(first.chunks());
    assertThat(again.timings().parseNanos()).isZero();
    assertThat(again.timings().embedNanos()).isZero();
  }

  @Test
  void should_rechunk_the_same_bytes_when_the_chunk_settings_changed() {
    // given one section of twelve sentences, one chunk with the default chunk settings
    String handbook =
        "# Office handbook\n\n## Kitchen\n\n"
            + "The dishwasher runs every evening at six and stops before the cleaners come. "
                .repeat(12);
    IngestResult first = pipeline.ingest(text("handbook.md", handbook));

    // when the same bytes come again to a pipeline that cuts chunks of at most 32 tokens
    IngestionSettings small =
        pipeline
            .settings()
            .withChunking(new ChunkingSettings(ChunkingSettings.MIN_TARGET_TOKENS, 0));
    IngestResult again;
    try (IngestionPipeline smaller = new IngestionPipeline(index, small)) {
      again = smaller.ingest(text("handbook.md", handbook));
    }

    // then the document was parsed and chunked again, as a new version with more chunks
    assertThat(again.status()).isEqualTo(Status.INGESTED);
    assertThat(again.version()).isEqualTo(first.version() + 1);
    assertThat(again.chunks()).isGreaterThan(first.chunks());
    assertThat(index.document("handbook.md").orElseThrow().metadata())
        .containsEntry(IngestionPipeline.CHUNKED_WITH, "32/0 bge-small-en-v1.5-q");
  }

  @Test
  void should_record_sha256_type_source_and_document_metadata_in_every_chunk() {
    // given
    byte[] pdf =
        Fixtures.pdf(
            "Tide tables",
            List.of(List.of("High tide is at noon."), List.of("Low tide is at six.")));

    // when
    pipeline.ingest(SourceDocument.ofBytes("tides", "tides.pdf", pdf));

    // then
    IndexedDocument doc = index.document("tides").orElseThrow();
    assertThat(doc.metadata())
        .containsEntry("sha256", IngestionPipeline.sha256(pdf))
        .containsEntry("mediaType", "application/pdf")
        .containsEntry("source", "tides.pdf")
        .containsEntry("title", "Tide tables")
        .containsEntry("author", "Ada Lovelace");
    List<Passage> hits = search("when is low tide");
    assertThat(hits.get(0).page()).isEqualTo(2);
  }

  @Test
  void should_report_each_bad_file_and_go_on_when_a_batch_has_bad_input() throws IOException {
    // given: good files and every kind of bad file in one folder
    Map<String, byte[]> files = new java.util.TreeMap<>();
    files.put("good.md", handbook("BLUEBIRD-42").getBytes(StandardCharsets.UTF_8));
    files.put("good.pdf", Fixtures.pdf("Good", List.of(List.of("A perfectly fine PDF."))));
    files.put("empty.txt", new byte[0]);
    files.put("corrupted.pdf", java.util.Arrays.copyOf(files.get("good.pdf"), 300));
    files.put("secret.pdf", Fixtures.pdf("Secret", List.of(List.of("classified")), "pw"));
    files.put("tool.exe", Fixtures.executable());
    files.put("huge.txt", "big ".repeat(20_000).getBytes(StandardCharsets.UTF_8));
    files.put("nested.zip", Fixtures.nestedZip(10, "deep"));
    files.put("blank.md", "# Only a heading\n".getBytes(StandardCharsets.UTF_8));
    List<SourceDocument> sources = new ArrayList<>();
    for (var e : files.entrySet()) {
      Path file = Files.write(dir.resolve(e.getKey()), e.getValue());
      sources.add(SourceDocument.ofFile(e.getKey(), file));
    }
    List<IngestResult> heard = new ArrayList<>();

    // when
    IngestionReport report = pipeline.ingestAll(sources, heard::add);

    // then
    Map<String, IngestResult> byId =
        report.results().stream()
            .collect(Collectors.toMap(IngestResult::documentId, Function.identity()));
    assertThat(heard).hasSize(files.size());
    assertThat(byId.get("good.md").status()).isEqualTo(Status.INGESTED);
    assertThat(byId.get("good.pdf").status()).isEqualTo(Status.INGESTED);
    assertThat(byId.get("empty.txt").reason()).contains("empty");
    assertThat(byId.get("corrupted.pdf").reason()).contains("cannot be parsed");
    assertThat(byId.get("secret.pdf").reason()).contains("password-protected");
    assertThat(byId.get("tool.exe").reason()).contains("no text");
    assertThat(byId.get("huge.txt").reason()).contains("over the limit");
    assertThat(byId.get("nested.zip").reason()).contains("nested");
    assertThat(byId.get("blank.md").reason()).contains("no text");
    assertThat(report.count(Status.FAILED)).isEqualTo(7);
    assertThat(report.failures()).allSatisfy(f -> assertThat(f.origin()).isNotBlank());
    assertThat(report.failures())
        .as("a bad file fails the same way every time: never worth another attempt")
        .allSatisfy(f -> assertThat(f.retryable()).isFalse());
    assertThat(index.document("good.md")).isPresent();
  }

  @Test
  void should_retry_a_file_the_disk_cannot_read_but_not_one_that_is_gone_or_damaged()
      throws IOException {
    // given: a "file" the disk refuses to read (a folder), one that vanished, one that is damaged
    Path unreadable = Files.createDirectory(dir.resolve("unreadable.txt"));
    Path gone = dir.resolve("gone.txt");
    Path damaged = Files.write(dir.resolve("damaged.pdf"), "%PDF-1.7 torn".getBytes());

    // when
    IngestResult io = pipeline.ingest(SourceDocument.ofFile("io", unreadable));
    IngestResult vanished = pipeline.ingest(SourceDocument.ofFile("gone", gone));
    IngestResult bad = pipeline.ingest(SourceDocument.ofFile("bad", damaged));

    // then: only the disk's failure may pass (SourceUnreadableException); the type decides
    assertThat(io.status()).isEqualTo(Status.FAILED);
    assertThat(io.retryable()).isTrue();
    assertThat(io.reason()).startsWith("cannot be read");
    assertThat(vanished.status()).isEqualTo(Status.FAILED);
    assertThat(vanished.retryable()).isFalse();
    assertThat(vanished.reason()).startsWith("the file is gone");
    assertThat(bad.status()).isEqualTo(Status.FAILED);
    assertThat(bad.retryable()).isFalse();
    assertThat(bad.reason()).contains("damaged or not what it claims to be");
  }

  @Test
  void should_fail_retryably_and_keep_the_old_version_when_the_index_write_fails() {
    // given: version 1 indexed, version 2 parsed and chunked
    pipeline.ingest(text("handbook.md", handbook("BLUEBIRD-42")));
    PreparedDocument v2 = pipeline.prepare(text("handbook.md", handbook("KESTREL-77")));
    assertThat(v2.outcome()).isNull();

    // when: the index goes away before the write (as when it is closed under a running job)
    index.close();
    List<IngestResult> results = pipeline.commit(List.of(v2));

    // then: the failure names the index and says another attempt may succeed
    assertThat(results)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(Status.FAILED);
              assertThat(r.retryable()).isTrue();
              assertThat(r.reason())
                  .startsWith("indexing failed")
                  .contains(dir.resolve("index").toString());
            });
    // and version 1 is still what the index holds
    index = KnowledgeIndex.open(dir.resolve("index"), IndexSettings.defaults(), model);
    assertThat(index.document("handbook.md")).map(IndexedDocument::version).contains(1L);
    assertThat(search("office wifi password"))
        .first()
        .satisfies(p -> assertThat(p.text()).contains("BLUEBIRD-42"));
  }
}
