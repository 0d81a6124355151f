package dev.quarry.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.IndexClosedException;
import dev.quarry.retriever.IndexDamagedException;
import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.IndexUnavailableException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModelInfo;
import dev.quarry.retriever.embed.OnnxBertEmbedder;
import dev.quarry.retriever.embed.Pooling;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the embedded index does: Lucene's files, locks and damage. The contract every index
 * keeps is {@link ChunkIndexContract}, run here by {@link EmbeddedChunkIndexTest}.
 */
class KnowledgeIndexTest {

  @TempDir Path dir;

  private KnowledgeIndex open() {
    return KnowledgeIndex.open(dir, IndexSettings.defaults(), SharedEmbedder.get());
  }

  private static List<Chunk> chunks(String... texts) {
    return Stream.of(texts).map(t -> Chunk.ofText(List.of(texts).indexOf(t), "Title", t)).toList();
  }

  @Test
  void should_list_only_documents_with_live_chunks() {
    try (KnowledgeIndex index = open()) {
      // given
      index.replace("doc-b", 1, chunks("bee"));
      index.replace("doc-a", 1, chunks("ay"));
      index.replace("doc-gone", 1, chunks("soon deleted"));

      // when
      index.delete("doc-gone");

      // then
      assertThat(index.documentIds()).containsExactly("doc-a", "doc-b");
    }
  }

  @Test
  void should_refuse_to_open_when_the_index_was_built_with_another_model() throws IOException {
    // given an index built by bge-small
    try (KnowledgeIndex index = open()) {
      index.replace("doc-1", 1, chunks("text"));
    }

    // when the same directory is opened with an embedder of another name
    try (OnnxBertEmbedder other = otherModel()) {
      assertThatThrownBy(() -> KnowledgeIndex.open(dir, IndexSettings.defaults(), other))
          // then
          .isInstanceOf(IndexMismatchException.class)
          .hasMessageContaining("bge-small-en-v1.5-q")
          .hasMessageContaining("other-model")
          .hasMessageContaining("Re-index");
    }
  }

  @Test
  void should_refuse_to_open_when_vector_format_differs() {
    try (KnowledgeIndex index = open()) {
      index.replace("doc-1", 1, chunks("text"));
    }
    IndexSettings other =
        IndexSettings.defaults()
            .withVectorFormat(
                IndexSettings.DEFAULT_VECTOR_FORMAT == VectorFormat.INT8
                    ? VectorFormat.FLOAT32
                    : VectorFormat.INT8);

    assertThatThrownBy(() -> KnowledgeIndex.open(dir, other, SharedEmbedder.get()))
        .isInstanceOf(IndexMismatchException.class)
        .hasMessageContaining("Re-index")
        .matches(e -> !((RetrieverException) e).retryable(), "not retryable");
  }

  @Test
  void should_name_the_directory_when_it_is_locked_by_another_writer() {
    try (KnowledgeIndex first = open()) {
      assertThatThrownBy(this::open)
          .isInstanceOf(IndexUnavailableException.class)
          .matches(e -> ((RetrieverException) e).retryable(), "retryable")
          .hasMessageContaining("locked")
          .hasMessageContaining(dir.toString());
    }
  }

  @Test
  void should_name_the_directory_when_the_index_is_corrupted() throws IOException {
    // given an index whose segment files were damaged
    try (KnowledgeIndex index = open()) {
      index.replace("doc-1", 1, chunks("text"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
    }

    // when / then
    assertThatThrownBy(this::open)
        .isInstanceOf(IndexDamagedException.class)
        .matches(e -> !((RetrieverException) e).retryable(), "not retryable")
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("re-index");
  }

  @Test
  void should_say_the_index_was_closed_to_a_search_that_picked_it_before_it_closed()
      throws IOException {
    // given a search that holds an index a re-index then closes (it replaced it)
    KnowledgeIndex index = open();
    index.replace("doc-1", 1, chunks("text"));
    index.close();

    // when / then: a typed, retryable failure, so the caller asks for the index now in use
    assertThatThrownBy(() -> index.search(snapshot -> snapshot.bm25("text", ChunkFilter.NONE, 5)))
        .isInstanceOf(IndexClosedException.class)
        .matches(e -> ((RetrieverException) e).retryable(), "retryable")
        .hasMessageContaining(dir.toString());
  }

  @Test
  void should_release_every_file_handle_when_closed_after_searches_and_writes() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc to list open files");

    // given many writes, each reopening readers, and searches in between
    try (KnowledgeIndex index = open()) {
      for (int v = 1; v <= 20; v++) {
        index.replace("doc-" + (v % 3), v, chunks("text " + v, "more " + v));
        index.withSearcher(s -> s.getIndexReader().numDocs());
      }
    }

    // then no file of the index directory is still open
    assertThat(openFilesUnder(fds, dir)).isEmpty();
  }

  private static List<Path> openFilesUnder(Path fds, Path directory) throws IOException {
    try (Stream<Path> links = Files.list(fds)) {
      return links
          .map(
              link -> {
                try {
                  return Files.readSymbolicLink(link);
                } catch (IOException e) {
                  return Path.of("(closed)"); // closed between listing and reading
                }
              })
          .filter(target -> target.startsWith(directory.toAbsolutePath()))
          .toList();
    }
  }

  @Test
  void should_refuse_a_chunk_without_text() {
    assertThatThrownBy(() -> Chunk.ofText(0, "t", "  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no text");
  }

  @Test
  void should_refuse_an_unknown_analyzer() {
    assertThatThrownBy(() -> new IndexSettings("klingon", VectorFormat.INT8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("english");
  }

  private static OnnxBertEmbedder otherModel() throws IOException {
    try (InputStream model =
            KnowledgeIndexTest.class.getResourceAsStream("/bge-small-en-v1.5-q.onnx");
        InputStream tokenizer =
            KnowledgeIndexTest.class.getResourceAsStream("/bge-small-en-v1.5-q-tokenizer.json")) {
      return new OnnxBertEmbedder(
          new EmbeddingModelInfo("other-model", 384, 512),
          model.readAllBytes(),
          tokenizer,
          Pooling.CLS,
          "",
          new EmbedderSettings(1, 1, 512));
    }
  }
}
