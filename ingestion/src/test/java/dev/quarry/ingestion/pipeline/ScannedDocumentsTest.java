package dev.quarry.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.NeedsTesseract;
import dev.quarry.ingestion.Scans;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans go through the whole pipeline: their OCR'd words end up in the chunks. */
class ScannedDocumentsTest {

  private static final List<String> NOTICE =
      List.of(
          "Boilers are serviced in the first week",
          "of October by the maintenance team.",
          "Report leaking radiators to the caretaker",
          "before the heating season begins.");

  private static OnnxBertEmbedder model;
  private static KnowledgeIndex index;
  private static IngestionPipeline pipeline;

  @BeforeAll
  static void open(@TempDir Path dir) {
    NeedsTesseract.check();
    model = OnnxBertEmbedder.bgeSmallEnV15(new EmbedderSettings(2, 1, 512));
    index = KnowledgeIndex.open(dir.resolve("index"), IndexSettings.defaults(), model);
    pipeline = new IngestionPipeline(index, IngestionSettings.defaults().withParseThreads(1));
  }

  @AfterAll
  static void close() {
    if (pipeline != null) {
      pipeline.close();
      index.close();
      model.close();
    }
  }

  private static String chunkText(String name, byte[] content) {
    PreparedDocument prepared = pipeline.prepare(SourceDocument.ofBytes(name, name, content));
    assertThat(prepared.ready()).as(String.valueOf(prepared.outcome())).isTrue();
    return prepared.chunks().chunks().stream().map(Chunk::text).collect(Collectors.joining("\n"));
  }

  private static double wordsFound(String text) {
    Set<String> found = words(text).collect(Collectors.toSet());
    List<String> expected = NOTICE.stream().flatMap(ScannedDocumentsTest::words).toList();
    return (double) expected.stream().filter(found::contains).count() / expected.size();
  }

  private static Stream<String> words(String text) {
    return Arrays.stream(Pattern.compile("[^\\p{L}\\p{N}]+").split(text.toLowerCase(Locale.ROOT)))
        .filter(w -> !w.isEmpty());
  }

  @Test
  void should_find_the_words_when_a_png_is_ingested() {
    String text = chunkText("notice.png", Scans.encode(Scans.page(NOTICE), "png"));

    assertThat(wordsFound(text)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void should_find_the_words_when_an_image_only_pdf_is_ingested() {
    String text = chunkText("notice.pdf", Scans.pdf(List.of(Scans.page(NOTICE))));

    assertThat(wordsFound(text)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void should_find_the_words_when_a_rotated_noisy_tiff_is_ingested() {
    byte[] tiff = Scans.encode(Scans.scanned(Scans.page(NOTICE), -2.0, 11), "tiff");

    String text = chunkText("notice.tiff", tiff);

    assertThat(wordsFound(text)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void should_fail_the_document_with_a_reason_when_the_image_is_a_header_bomb() {
    PreparedDocument prepared =
        pipeline.prepare(
            SourceDocument.ofBytes("bomb.png", "bomb.png", Scans.declaredPng(50_000, 50_000)));

    assertThat(prepared.ready()).isFalse();
    assertThat(prepared.outcome().status()).isEqualTo(IngestResult.Status.FAILED);
    assertThat(prepared.outcome().reason()).contains("pixels");
  }
}
