package dev.quarry.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.RetrieverException;
import dev.quarry.retriever.SharedEmbedder;
import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.search.HybridRetriever;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ChunkIndex} contract, run unchanged on every index engine: a subclass says how to
 * create an empty index and how to open it again; every specification here talks to the index only
 * through the interface (and {@link HybridRetriever}, which ranks the same on every engine).
 */
public abstract class ChunkIndexContract {

  /** A new, empty index with these settings and the bundled embedding model. */
  protected abstract ChunkIndex create(IndexSettings settings);

  /** The index {@link #create} made last, closed, opened again from where it keeps its data. */
  protected abstract ChunkIndex reopen(IndexSettings settings);

  private final List<ChunkIndex> opened = new ArrayList<>();

  private ChunkIndex index() {
    return track(create(IndexSettings.defaults()));
  }

  private ChunkIndex track(ChunkIndex index) {
    opened.add(index);
    return index;
  }

  @AfterEach
  void closeIndexes() {
    opened.forEach(
        i -> {
          if (i.isOpen()) {
            i.close();
          }
        });
  }

  private static List<Chunk> chunks(String... texts) {
    return IntStream.range(0, texts.length)
        .mapToObj(i -> Chunk.ofText(i, "Title", texts[i]))
        .toList();
  }

  private static Chunk chunk(int ordinal, String text, Map<String, String> metadata) {
    return new Chunk(
        ordinal,
        "Handbook",
        List.of("Part 1", "Safety"),
        text,
        10,
        10 + text.length(),
        3,
        metadata);
  }

  @Test
  void should_make_chunks_searchable_and_readable_in_order_when_replace_returns() {
    ChunkIndex index = index();

    IndexChange change = index.replace("doc-1", 1, chunks("Alpha text.", "Beta text."));

    assertThat(change.chunksAdded()).isEqualTo(2);
    assertThat(index.chunkCount()).isEqualTo(2);
    assertThat(index.documentIds()).containsExactly("doc-1");
    assertThat(index.document("doc-1").orElseThrow())
        .satisfies(
            d -> {
              assertThat(d.version()).isEqualTo(1);
              assertThat(d.chunks()).isEqualTo(2);
            });
    assertThat(index.chunksOf("doc-1"))
        .extracting(StoredChunk::text)
        .containsExactly("Alpha text.", "Beta text.");
  }

  @Test
  void should_keep_only_the_new_version_when_a_document_is_replaced() {
    ChunkIndex index = index();
    index.replace("doc-1", 1, chunks("one", "two", "three"));
    index.replace("doc-2", 1, chunks("other document"));

    IndexChange change = index.replace("doc-1", 2, chunks("uno"));

    assertThat(change.chunksRemoved()).isEqualTo(3);
    assertThat(index.chunkCount()).isEqualTo(2);
    assertThat(index.document("doc-1").orElseThrow().version()).isEqualTo(2);
    assertThat(index.chunksOf("doc-1")).extracting(StoredChunk::text).containsExactly("uno");
    assertThat(bm25(index, "three", ChunkFilter.NONE)).isEmpty();
  }

  @Test
  void should_keep_only_the_new_cut_when_the_same_version_is_chunked_again_into_fewer() {
    // given: a document cut into 3 chunks
    ChunkIndex index = index();
    index.replace("doc-1", 1, chunks("one", "two", "three"));

    // when: the same version, cut again with other chunk settings into 2 (a re-index)
    index.replace("doc-1", 1, chunks("one two", "three"));

    // then
    assertThat(index.chunksOf("doc-1"))
        .extracting(StoredChunk::text)
        .containsExactly("one two", "three");
    assertThat(index.document("doc-1").orElseThrow().chunks()).isEqualTo(2);
    assertThat(index.chunkCount()).isEqualTo(2);
  }

  @Test
  void should_remove_every_chunk_of_a_deleted_document_and_ignore_an_unknown_one() {
    ChunkIndex index = index();
    index.replace("doc-1", 1, chunks("one", "two"));
    index.replace("doc-2", 1, chunks("kept"));

    assertThat(index.delete("doc-1").chunksRemoved()).isEqualTo(2);
    assertThat(index.delete("never-indexed").chunksRemoved()).isZero();

    assertThat(index.documentIds()).containsExactly("doc-2");
    assertThat(index.document("doc-1")).isEmpty();
    assertThat(index.chunksOf("doc-1")).isEmpty();
    assertThat(index.chunkCount()).isEqualTo(1);
  }

  @Test
  void should_count_every_chunk_exactly_past_a_thousand() {
    ChunkIndex index = index();
    List<Chunk> many =
        IntStream.range(0, 1234)
            .mapToObj(i -> Chunk.ofText(i, "Title", "Passage number " + i + "."))
            .toList();

    index.replace("long-doc", 1, many);

    assertThat(index.document("long-doc").orElseThrow().chunks()).isEqualTo(1234);
    assertThat(index.chunkCount()).isEqualTo(1234);
    assertThat(index.chunksOf("long-doc")).hasSize(1234);
  }

  @Test
  void should_find_words_by_bm25_as_english_stems_them() {
    ChunkIndex index = index();
    index.replace("physics", 1, chunks("The reactors are cooling down slowly."));
    index.replace("botany", 1, chunks("Bananas grow in the tropics."));

    List<StoredChunk> found = bm25(index, "reactor cooled", ChunkFilter.NONE);

    assertThat(found).extracting(StoredChunk::documentId).containsExactly("physics");
    assertThat(bm25(index, "the and of", ChunkFilter.NONE)).isEmpty(); // only stop words
  }

  @Test
  void should_find_by_meaning_with_exact_cosines_and_apply_the_filter_before_ranking() {
    ChunkIndex index = index();
    index.replace("pets", 1, chunks("The feline slept all afternoon on the rug."));
    index.replace("kitchen", 1, chunks("Bake the bread for forty minutes."));
    float[] cat = index.embedder().embedQuery("Where does the cat sleep?").vector();

    List<Hit> all = index.search(s -> s.knn(cat, ChunkFilter.NONE, 10));
    String nearest =
        index.search(s -> s.chunk(s.knn(cat, ChunkFilter.NONE, 1).get(0).doc()).documentId());
    List<String> filtered =
        index.search(
            s ->
                s.knn(cat, new ChunkFilter(Map.of("documentId", List.of("kitchen"))), 10).stream()
                    .map(h -> s.chunk(h.doc()).documentId())
                    .toList());

    assertThat(all).hasSize(2);
    assertThat(all.get(0).score()).isGreaterThan(all.get(1).score()).isLessThanOrEqualTo(1.0001f);
    assertThat(nearest).isEqualTo("pets");
    assertThat(filtered).containsExactly("kitchen"); // the nearest chunk is not eligible
  }

  @Test
  void should_run_both_legs_in_one_call_as_each_leg_ranks_alone_and_read_their_vectors() {
    // given
    ChunkIndex index = index();
    index.replace("pets", 1, chunks("The feline slept all afternoon on the rug."));
    index.replace("kitchen", 1, chunks("Bake the bread for forty minutes on the rug."));
    index.replace("garden", 1, chunks("Water the tomatoes every morning."));
    float[] query = index.embedder().embedQuery("Where does the cat sleep on the rug?").vector();

    // when
    List<String> bm25Alone = index.search(s -> ids(s, s.bm25("rug", ChunkFilter.NONE, 10)));
    List<String> knnAlone = index.search(s -> ids(s, s.knn(query, ChunkFilter.NONE, 10)));
    List<Object> together =
        index.search(
            s -> {
              Legs legs = s.legs(new LegsRequest("rug", query, ChunkFilter.NONE, 10, true));
              List<Float> cosines = new ArrayList<>();
              List<Float> scores = new ArrayList<>();
              for (Hit h : legs.dense()) {
                cosines.add(cosine(s.vector(h.doc()), query));
                scores.add(h.score());
              }
              return List.of(ids(s, legs.bm25()), ids(s, legs.dense()), cosines, scores);
            });
    Legs textOnly =
        index.search(s -> s.legs(new LegsRequest("rug", null, ChunkFilter.NONE, 10, false)));

    // then
    assertThat(together.get(0)).isEqualTo(bm25Alone);
    assertThat(together.get(1)).isEqualTo(knnAlone);
    assertThat(bm25Alone).containsExactlyInAnyOrder("pets", "kitchen");
    assertThat(knnAlone).hasSize(3);
    @SuppressWarnings("unchecked")
    List<Float> cosines = (List<Float>) together.get(2);
    @SuppressWarnings("unchecked")
    List<Float> scores = (List<Float>) together.get(3);
    for (int i = 0; i < scores.size(); i++) {
      assertThat(cosines.get(i))
          .isCloseTo(scores.get(i), org.assertj.core.data.Offset.offset(1e-3f));
    }
    assertThat(textOnly.bm25()).hasSize(2);
    assertThat(textOnly.dense()).isEmpty();
  }

  private static List<String> ids(IndexSnapshot s, List<Hit> hits) {
    return hits.stream().map(h -> s.chunk(h.doc()).documentId()).toList();
  }

  private static float cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return (float) (dot / Math.sqrt(na * nb));
  }

  @Test
  void should_filter_by_metadata_with_any_listed_value_and_list_the_filterable_fields() {
    ChunkIndex index = index();
    index.replace("en-doc", 1, List.of(chunk(0, "Wear gloves.", Map.of("lang", "en"))));
    index.replace("fr-doc", 1, List.of(chunk(0, "Wear gloves, please.", Map.of("lang", "fr"))));
    index.replace("de-doc", 1, List.of(chunk(0, "Wear gloves now.", Map.of("lang", "de"))));

    List<StoredChunk> found =
        bm25(index, "gloves", new ChunkFilter(Map.of("lang", List.of("fr", "de"))));

    assertThat(found)
        .extracting(StoredChunk::documentId)
        .containsExactlyInAnyOrder("fr-doc", "de-doc");
    assertThat(index.metadataFields()).containsExactly("lang");
    assertThat(index.document("fr-doc").orElseThrow().metadata()).containsEntry("lang", "fr");
  }

  @Test
  void should_return_passages_with_every_stored_field_through_the_hybrid_retriever() {
    ChunkIndex index = index();
    index.replace(
        "manual",
        7,
        List.of(chunk(0, "Error QX-7781 means the disk is full.", Map.of("type", "pdf"))));

    Passage p =
        new HybridRetriever(index).search(SearchRequest.of("error QX-7781", 3)).passages().get(0);

    assertThat(p.documentId()).isEqualTo("manual");
    assertThat(p.version()).isEqualTo(7);
    assertThat(p.title()).isEqualTo("Handbook");
    assertThat(p.headingPath()).containsExactly("Part 1", "Safety");
    assertThat(p.page()).isEqualTo(3);
    assertThat(p.start()).isEqualTo(10);
    assertThat(p.metadata()).containsEntry("type", "pdf");
    assertThat(p.bm25()).isNotNull();
    assertThat(p.dense()).isNotNull();
  }

  @Test
  void should_keep_documents_and_its_manifest_when_opened_again() {
    ChunkIndex index = index();
    index.replace("doc-1", 4, chunks("durable text"));
    IndexManifest manifest = index.manifest();
    index.close();

    ChunkIndex reopened = track(reopen(IndexSettings.defaults()));

    assertThat(reopened.document("doc-1").orElseThrow().version()).isEqualTo(4);
    assertThat(reopened.manifest()).isEqualTo(manifest);
    assertThat(manifest.toString()).contains(SharedEmbedder.get().info().name());
  }

  @Test
  void should_refuse_to_open_with_other_settings_than_it_was_built_with() {
    ChunkIndex index = index();
    index.replace("doc-1", 1, chunks("text"));
    index.close();

    assertThatThrownBy(
            () -> track(reopen(new IndexSettings("standard", IndexSettings.DEFAULT_VECTOR_FORMAT))))
        .isInstanceOf(IndexMismatchException.class)
        .hasMessageContaining("Re-index")
        .matches(e -> !((RetrieverException) e).retryable(), "not retryable");
  }

  @Test
  void should_never_show_two_versions_or_half_a_version_to_searches_during_replaces()
      throws Exception {
    ChunkIndex index = index();
    index.replace("doc", 1, versionChunks(1, 3));
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicInteger observations = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread t =
          new Thread(
              () -> {
                while (writing.get()) {
                  String problem = failureOf(() -> inspect(index));
                  observations.incrementAndGet();
                  if (problem != null) {
                    violations.add(problem);
                  }
                }
              },
              "contract-reader-" + r);
      t.start();
      readers.add(t);
    }

    for (int v = 2; v <= 25; v++) {
      index.replace("doc", v, versionChunks(v, v % 2 == 0 ? 2 : 4));
      assertThat(index.document("doc").orElseThrow().version()).isEqualTo(v);
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }

    assertThat(violations).isEmpty();
    assertThat(observations.get()).isGreaterThan(25);
  }

  @Test
  void should_never_show_two_versions_or_lose_a_document_in_hybrid_searches_during_replaces()
      throws Exception {
    // given: a document replaced 24 times while 3 readers run hybrid searches on it
    ChunkIndex index = index();
    index.replace("doc", 1, versionChunks(1, 3));
    HybridRetriever retriever = new HybridRetriever(index);
    SearchRequest request =
        SearchRequest.of("version part", 10)
            .withFilters(Map.of(ChunkFilter.DOCUMENT_ID, List.of("doc")));
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicInteger observations = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread t =
          new Thread(
              () -> {
                while (writing.get()) {
                  String problem = failureOf(() -> inspect(retriever.search(request).passages()));
                  observations.incrementAndGet();
                  if (problem != null) {
                    violations.add(problem);
                  }
                }
              },
              "contract-hybrid-reader-" + r);
      t.start();
      readers.add(t);
    }

    // when
    for (int v = 2; v <= 25; v++) {
      index.replace("doc", v, versionChunks(v, v % 2 == 0 ? 2 : 4));
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }

    // then: both legs together showed one whole version every time
    assertThat(violations).isEmpty();
    assertThat(observations.get()).isGreaterThan(25);
  }

  /**
   * What one look found wrong, or null: a search that fails while a document is replaced is as much
   * a violation as one that sees two versions (and a reader thread must not die unnoticed).
   */
  private static String failureOf(java.util.function.Supplier<String> look) {
    try {
      return look.get();
    } catch (RuntimeException e) {
      return "the search failed: " + e;
    }
  }

  /** What is wrong with the passages of one hybrid search, or null when they are one version. */
  private static String inspect(List<Passage> passages) {
    Set<Long> versions = new HashSet<>();
    passages.forEach(p -> versions.add(p.version()));
    if (versions.size() != 1) {
      return "versions " + versions;
    }
    int expected = Integer.parseInt(passages.get(0).text().replaceAll(".* of ", ""));
    return passages.size() == expected ? null : passages.size() + " of " + expected + " chunks";
  }

  private static List<Chunk> versionChunks(int version, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> Chunk.ofText(i, "Doc", "version " + version + " part " + i + " of " + count))
        .toList();
  }

  /** What is wrong with the document as one search sees it, or null when it is whole. */
  private static String inspect(ChunkIndex index) {
    List<StoredChunk> seen =
        bm25(index, "version part", new ChunkFilter(Map.of("documentId", List.of("doc"))));
    Set<Long> versions = new HashSet<>();
    seen.forEach(c -> versions.add(c.version()));
    if (versions.size() != 1) {
      return "versions " + versions;
    }
    int expected = Integer.parseInt(seen.get(0).text().replaceAll(".* of ", ""));
    return seen.size() == expected ? null : seen.size() + " of " + expected + " chunks";
  }

  private static List<StoredChunk> bm25(ChunkIndex index, String query, ChunkFilter filter) {
    return index.search(
        s -> s.bm25(query, filter, 100).stream().map(h -> s.chunk(h.doc())).toList());
  }
}
