package dev.quarry.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.ingestion.Fixtures;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.index.KnowledgeIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the real command (real Tika, real model, real index) on a small folder. */
class IngestCommandTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out) {}

  private Run ingest(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new IngestCommand()).execute(args);
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void should_ingest_then_report_unchanged_and_failures_when_run_twice() throws IOException {
    // given
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("guide.md"), "# Guide\n\nBoil the kettle before pouring.\n");
    Files.write(
        docs.resolve("report.pdf"), Fixtures.pdf("Report", List.of(List.of("Sales rose."))));
    Files.write(docs.resolve("empty.txt"), new byte[0]);
    String data = dir.resolve("data").toString();

    // when
    Run first = ingest(docs.toString(), "--kb", "team-docs", "--data-dir", data);
    Run second =
        ingest(docs.toString(), "--kb", "team-docs", "--data-dir", data, "--exclude", "empty*");

    // then
    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.out())
        .contains(
            "2 ingested", "1 failed", "FAILED " + docs.resolve("empty.txt"), "empty (0 bytes)")
        .contains("3/3 files", "files/s", "chunks");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("0 ingested", "2 unchanged", "0 failed");
    assertThat(dir.resolve("data/indexes/team-docs")).isDirectory();
  }

  @Test
  void should_rechunk_unchanged_files_when_the_chunk_settings_change() throws IOException {
    // given a folder ingested with the default chunk settings
    Path docs = Files.createDirectories(dir.resolve("docs"));
    StringBuilder text = new StringBuilder("# Kiln\n\n");
    for (int i = 0; i < 40; i++) {
      text.append("Step ").append(i).append(": open the damper and wait for the glaze. ");
    }
    Files.writeString(docs.resolve("kiln.md"), text);
    String data = dir.resolve("data").toString();
    ingest(docs.toString(), "--kb", "kilns", "--data-dir", data);

    // when the same bytes come again with other chunk settings, then once more with those
    Run rechunked =
        ingest(
            docs.toString(),
            "--kb",
            "kilns",
            "--data-dir",
            data,
            "--target-tokens",
            "64",
            "--overlap-tokens",
            "0");
    Run again =
        ingest(
            docs.toString(),
            "--kb",
            "kilns",
            "--data-dir",
            data,
            "--target-tokens",
            "64",
            "--overlap-tokens",
            "0");

    // then the settings change re-chunks the file, and the next run finds it unchanged
    assertThat(rechunked.exitCode()).isZero();
    assertThat(rechunked.out()).contains("1 ingested", "0 unchanged");
    assertThat(again.out()).contains("0 ingested", "1 unchanged");
  }

  /** Three files of a few chunks each at the default settings, ingested into {@code kb}. */
  private Path manuals(String kb) throws IOException {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    for (String name : List.of("kiln", "lathe", "loom")) {
      StringBuilder text = new StringBuilder("# " + name + "\n\n");
      for (int i = 0; i < 40; i++) {
        text.append("Step ")
            .append(i)
            .append(" of the ")
            .append(name)
            .append(": check the guard. ");
      }
      Files.writeString(docs.resolve(name + ".md"), text);
    }
    assertThat(ingest(docs.toString(), "--kb", kb, "--data-dir", data()).exitCode()).isZero();
    return docs;
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  /** Every one of the shop's three documents is indexed as chunked with {@code settings}. */
  private void assertShopChunkedWith(String settings) {
    assertThat(chunkedWith("shop"))
        .containsEntry("kiln.md", settings)
        .containsEntry("lathe.md", settings)
        .containsEntry("loom.md", settings);
  }

  /** Each document's recorded chunk settings and model, and the index's model, read back. */
  private Map<String, String> chunkedWith(String kb) {
    try (EmbeddingModels models = EmbeddingModels.bundled(EmbedderSettings.defaults());
        IndexStore store =
            new IndexStore(dir.resolve("data/indexes"), IndexSettings.defaults(), models)) {
      KnowledgeIndex index = store.open(kb);
      Map<String, String> out = new TreeMap<>();
      for (String id : index.documentIds()) {
        out.put(id, index.document(id).orElseThrow().metadata().get("chunkedWith"));
      }
      out.put("(index model)", index.embedder().info().name());
      return out;
    }
  }

  @Test
  void should_reindex_every_document_into_a_new_index_when_the_chunk_settings_change()
      throws IOException {
    // given three files ingested at 300/50
    Path docs = manuals("shop");

    // when a run gives just one of them with other chunk settings
    Run run =
        ingest(
            docs.resolve("kiln.md").toString(),
            "--kb",
            "shop",
            "--data-dir",
            data(),
            "--target-tokens",
            "64",
            "--overlap-tokens",
            "0");

    // then all three are re-chunked (the other two read again from where they were read before)
    // and the new index replaced the old one whole
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Re-indexing shop with 64/0 bge-small-en-v1.5-q (it has 300/50")
        .contains("3 documents go into a new index", "3 ingested", "Re-index complete");
    assertShopChunkedWith("64/0 bge-small-en-v1.5-q");
    assertThat(dir.resolve("data/indexes/.reindex")).isEmptyDirectory();

    // and a later run without chunk options keeps the new settings
    Run again = ingest(docs.toString(), "--kb", "shop", "--data-dir", data());
    assertThat(again.out()).contains("(64/0 bge-small-en-v1.5-q)", "0 ingested", "3 unchanged");
  }

  @Test
  void should_change_nothing_when_a_document_cannot_be_read_again() throws IOException {
    // given three files ingested, one of which is then removed from the disk
    Path docs = manuals("shop");
    Files.delete(docs.resolve("loom.md"));

    // when a re-index is asked for
    Run refused =
        ingest(docs.toString(), "--kb", "shop", "--data-dir", data(), "--target-tokens", "64");

    // then it names the document and changes nothing
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out())
        .contains("CANNOT READ loom.md: its file", "is gone")
        .contains("Nothing changed", "--delete ID");
    assertThat(chunkedWith("shop"))
        .containsEntry("loom.md", "300/50 bge-small-en-v1.5-q")
        .hasSize(4);

    // and the same run that removes the document re-indexes the other two
    Run done =
        ingest(
            docs.toString(),
            "--kb",
            "shop",
            "--data-dir",
            data(),
            "--target-tokens",
            "64",
            "--delete",
            "loom.md");
    assertThat(done.exitCode()).isZero();
    assertThat(done.out()).contains("2 ingested", "1 deleted", "Re-index complete");
    assertThat(chunkedWith("shop"))
        .containsOnlyKeys("kiln.md", "lathe.md", "(index model)")
        .containsEntry("lathe.md", "64/32 bge-small-en-v1.5-q");
  }

  @Test
  void should_keep_the_current_index_and_go_on_later_when_a_reindex_stops_part_way()
      throws IOException {
    // given three files ingested, one of which is then emptied
    Path docs = manuals("shop");
    Path lathe = docs.resolve("lathe.md");
    byte[] bytes = Files.readAllBytes(lathe);
    Files.write(lathe, new byte[0]);
    String[] reindex = {
      docs.toString(), "--kb", "shop", "--data-dir", data(), "--target-tokens", "64"
    };

    // when a re-index fails on that file
    Run failed = ingest(reindex);

    // then the knowledge base keeps its current index, whole, and the new one is kept
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out())
        .contains("2 ingested", "1 failed", "FAILED " + lathe)
        .contains("The re-index is not complete: shop keeps its current index (300/50");
    assertShopChunkedWith("300/50 bge-small-en-v1.5-q");
    assertThat(dir.resolve("data/indexes/.reindex/shop")).isDirectory();

    // when the file is mended and the same command runs again
    Files.write(lathe, bytes);
    Run resumed = ingest(reindex);

    // then it goes on where it stopped: only the mended file is new work
    assertThat(resumed.exitCode()).isZero();
    assertThat(resumed.out())
        .contains("Going on with an unfinished re-index: 2 documents")
        .contains("1 ingested", "2 unchanged", "Re-index complete");
    assertShopChunkedWith("64/32 bge-small-en-v1.5-q");
  }

  @Test
  void should_reembed_every_document_when_the_model_changes() throws IOException {
    // given three files embedded with bge-small
    Path docs = manuals("shop");

    // when the run names the other bundled model
    Run run =
        ingest(
            docs.toString(),
            "--kb",
            "shop",
            "--data-dir",
            data(),
            "--model",
            "all-minilm-l6-v2-q",
            "--target-tokens",
            "128");

    // then every document is re-embedded with it, in an index built with it
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("3 ingested", "Re-index complete");
    assertThat(chunkedWith("shop"))
        .containsEntry("kiln.md", "128/50 all-minilm-l6-v2-q")
        .containsEntry("(index model)", "all-minilm-l6-v2-q");
  }

  @Test
  void should_refuse_an_unknown_model_and_chunks_wider_than_the_models_window() throws IOException {
    Path docs = manuals("shop");
    StringWriter err = new StringWriter();

    int unknown =
        new CommandLine(new IngestCommand())
            .setErr(new PrintWriter(err))
            .execute(docs.toString(), "--kb", "shop", "--data-dir", data(), "--model", "gpt-9");
    int tooWide =
        new CommandLine(new IngestCommand())
            .setErr(new PrintWriter(err))
            .execute(
                docs.toString(),
                "--kb",
                "shop",
                "--data-dir",
                data(),
                "--model",
                "all-minilm-l6-v2-q");

    assertThat(unknown).isEqualTo(2);
    assertThat(tooWide).isEqualTo(2);
    assertThat(err.toString())
        .contains("Unknown embedding model 'gpt-9'", "bge-small-en-v1.5-q, all-minilm-l6-v2-q")
        .contains("Chunks of 300 tokens do not fit the window of all-minilm-l6-v2-q (254 tokens)");
    assertThat(chunkedWith("shop")).containsEntry("kiln.md", "300/50 bge-small-en-v1.5-q");
  }

  @Test
  void should_refuse_when_the_knowledge_base_name_is_invalid() {
    int code =
        new CommandLine(new IngestCommand())
            .setErr(new java.io.PrintWriter(new java.io.StringWriter()))
            .execute(dir.toString(), "--kb", "../escape", "--data-dir", dir.toString());

    assertThat(code).isEqualTo(2);
  }
}
