package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.ChunkIndexCopy;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./quarry index copy}: a knowledge base moved from embedded Lucene to a real OpenSearch
 * cluster and back answers every search as before, and a copy run again only finishes what is left.
 */
class ChunkIndexCopyTest {

  @TempDir Path dir;

  private static final List<String> QUERIES =
      List.of("What cools the reactor?", "helium fuel", "Who may enter the server room?", "bread");

  @Test
  void should_answer_the_same_after_a_move_to_opensearch_and_back() throws Exception {
    try (OpenSearchConnection connection = SharedCluster.connect();
        KnowledgeIndex embedded =
            KnowledgeIndex.open(
                dir.resolve("from"), IndexSettings.defaults(), SharedEmbedder.get());
        KnowledgeIndex back =
            KnowledgeIndex.open(
                dir.resolve("back"), IndexSettings.defaults(), SharedEmbedder.get())) {
      // given: a knowledge base of three documents with headings, pages and metadata
      embedded.replace(
          "reactor",
          3,
          List.of(
              chunk(0, "The reactor runs on helium-3.", "en"),
              chunk(1, "Its core is cooled by liquid sodium.", "en")));
      embedded.replace(
          "rules", 1, List.of(chunk(0, "Animals must stay out of the server room.", "en")));
      embedded.replace("kitchen", 2, List.of(chunk(0, "Bake the bread for forty minutes.", "fr")));
      OpenSearchChunkIndex onCluster =
          OpenSearchChunkIndex.open(
              connection, "copy-test", IndexSettings.defaults(), SharedEmbedder.get());

      // when: copied to OpenSearch, then back into a new embedded index
      ChunkIndexCopy.Result there =
          ChunkIndexCopy.copy(embedded, onCluster, ChunkIndexCopy.Progress.NONE);
      ChunkIndexCopy.Result home =
          ChunkIndexCopy.copy(onCluster, back, ChunkIndexCopy.Progress.NONE);

      // then: every document, with its version and chunks, and the same answers
      assertThat(there).isEqualTo(new ChunkIndexCopy.Result(3, 3, 0, 0, 4));
      assertThat(home).isEqualTo(new ChunkIndexCopy.Result(3, 3, 0, 0, 4));
      for (String id : List.of("reactor", "rules", "kitchen")) {
        assertThat(onCluster.chunksOf(id)).isEqualTo(embedded.chunksOf(id));
        assertThat(back.chunksOf(id)).isEqualTo(embedded.chunksOf(id));
      }
      for (String q : QUERIES) {
        assertThat(ranking(onCluster, q)).as(q).isEqualTo(ranking(embedded, q));
        assertThat(ranking(back, q)).as(q).isEqualTo(ranking(embedded, q));
      }

      // when: the source changes (one document more, one less) and the copy runs again
      embedded.replace("extra", 1, List.of(chunk(0, "A new note about helium.", "en")));
      embedded.delete("kitchen");
      List<String> copied = new ArrayList<>();
      ChunkIndexCopy.Result again =
          ChunkIndexCopy.copy(
              embedded,
              onCluster,
              (id, wasCopied) -> {
                if (wasCopied) {
                  copied.add(id);
                }
              });

      // then: only what changed is written, and the target holds exactly the source's documents
      assertThat(copied).containsExactly("extra");
      assertThat(again.skipped()).isEqualTo(2);
      assertThat(again.removed()).isEqualTo(1);
      assertThat(onCluster.documentIds()).isEqualTo(embedded.documentIds());
      OpenSearchChunkIndex.drop(connection, "copy-test");
    }
  }

  private static Chunk chunk(int ordinal, String text, String lang) {
    return new Chunk(
        ordinal,
        "Handbook",
        List.of("Part 1"),
        text,
        5,
        5 + text.length(),
        2,
        Map.of("lang", lang));
  }

  private static List<String> ranking(dev.quarry.retriever.index.ChunkIndex index, String query) {
    return new HybridRetriever(index)
        .search(SearchRequest.of(query, 3)).passages().stream().map(Passage::id).toList();
  }
}
