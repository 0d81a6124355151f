package dev.quarry.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.SharedDatasets;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.eval.BeirDataset;
import dev.quarry.retriever.index.Chunk;
import dev.quarry.retriever.index.DocumentChunks;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.KnowledgeIndex;
import dev.quarry.retriever.search.SyntheticAbstracts.Abstract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search for an exact token — an error code, a part number, a ticket id — finds the one passage
 * that holds it in hybrid search, as it does with BM25 alone (issue 14 item 10). The knowledge base
 * holds 240 scientific abstracts, 40 of which end with a made-up reference code such as {@code
 * Internal reference dbiwnx1013.}; each code is searched alone, with the default settings.
 */
class ExactTokenSearchTest {

  private static final long SEED = 20261202L;
  private static final int ABSTRACTS = 240;
  private static final int EVERY = ABSTRACTS / 40; // every 6th abstract carries a code

  @TempDir Path dir;

  @Test
  void should_rank_the_abstract_holding_a_code_first_when_generated_abstracts_are_searched() {
    assertCodesFoundFirst(SyntheticAbstracts.generate(ABSTRACTS, SEED));
  }

  @Test
  void should_rank_the_abstract_holding_a_code_first_when_scifact_abstracts_are_searched() {
    Path scifact = SharedDatasets.scifactOrSkip();
    List<Abstract> abstracts =
        BeirDataset.read(scifact, "test").corpus().subList(0, ABSTRACTS).stream()
            .map(d -> new Abstract(d.title(), d.text()))
            .toList();

    assertCodesFoundFirst(abstracts);
  }

  private void assertCodesFoundFirst(List<Abstract> abstracts) {
    // given 240 abstracts, every 6th ending with its own reference code
    Map<String, String> codes = new LinkedHashMap<>(); // code → document id
    List<DocumentChunks> documents = new ArrayList<>();
    Random random = new Random(SEED);
    for (int i = 0; i < abstracts.size(); i++) {
      Abstract a = abstracts.get(i);
      String id = "abstract-" + i;
      String text = a.text();
      if (i % EVERY == 0) {
        String code = letters(random, 5) + "x" + (1000 + codes.size());
        codes.put(code, id);
        text = text + " Internal reference " + code + ".";
      }
      documents.add(new DocumentChunks(id, 1, List.of(Chunk.ofText(0, a.title(), text))));
    }
    try (KnowledgeIndex index =
        KnowledgeIndex.open(dir, IndexSettings.defaults(), SharedEmbedder.get())) {
      index.replaceAll(documents);
      HybridRetriever retriever = new HybridRetriever(index);

      // when each code is searched alone, with BM25 only and with the default hybrid search
      List<String> bm25Misses = new ArrayList<>();
      List<String> hybridMisses = new ArrayList<>();
      codes.forEach(
          (code, id) -> {
            SearchRequest request = SearchRequest.of(code, 3);
            if (!top(retriever, request.withMode(SearchMode.BM25)).equals(id)) {
              bm25Misses.add(code);
            }
            if (!top(retriever, request).equals(id)) {
              hybridMisses.add(code);
            }
          });

      // then BM25 finds every code's abstract first, and hybrid search keeps (nearly) all of them
      assertThat(codes).hasSize(40);
      assertThat(bm25Misses).as("BM25 misses (seed %d)", SEED).isEmpty();
      assertThat(hybridMisses).as("hybrid misses of 40 codes (seed %d)", SEED).hasSizeLessThan(2);
    }
  }

  private static String top(HybridRetriever retriever, SearchRequest request) {
    List<Passage> passages = retriever.search(request).passages();
    return passages.isEmpty() ? "(nothing)" : passages.get(0).documentId();
  }

  private static String letters(Random random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }
}
