package dev.quarry.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.index.TextAnalysis;
import dev.quarry.retriever.index.VectorFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorFormatTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(VectorFormat.class)
  void should_rank_the_paraphrase_first_in_either_vector_format(VectorFormat format) {
    // given
    IndexSettings settings = new IndexSettings(TextAnalysis.DEFAULT, format);
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, settings, SharedEmbedder.get())) {
      index.replace(
          "doc",
          1,
          List.of(
              Chunk.ofText(0, "", "The physician prescribed antibiotics for the infection."),
              Chunk.ofText(1, "", "The stock market fell sharply on Monday."),
              Chunk.ofText(2, "", "Heavy rain flooded the village streets.")));

      // when
      List<Passage> passages =
          new HybridRetriever(index)
              .search(SearchRequest.of("doctor gave medicine", 3).withMode(SearchMode.DENSE))
              .passages();

      // then
      assertThat(passages).hasSize(3);
      assertThat(passages.get(0).ordinal()).isZero();
      assertThat(passages.get(0).dense().score()).isGreaterThan(passages.get(1).dense().score());
    }
  }
}
