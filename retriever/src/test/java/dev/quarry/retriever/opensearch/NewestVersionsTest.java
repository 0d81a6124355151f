package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.index.Legs;
import dev.quarry.retriever.index.StoredChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two legs that read a document in different versions keep only its newest. */
class NewestVersionsTest {

  /** The chunks hits name, by {@code doc}: document a in versions 1 and 2, document b in 1. */
  private static final List<StoredChunk> CHUNKS =
      List.of(chunk("a", 1, 0), chunk("a", 1, 1), chunk("a", 2, 0), chunk("b", 1, 0));

  private static StoredChunk chunk(String document, long version, int ordinal) {
    return new StoredChunk(
        document + ":" + version + ":" + ordinal,
        document,
        version,
        ordinal,
        "",
        List.of(),
        "text",
        0,
        4,
        null,
        Map.of());
  }

  @Test
  void should_keep_both_legs_as_they_are_when_they_saw_the_same_versions() {
    // given
    Legs legs = new Legs(List.of(new Hit(1, 3f), new Hit(3, 2f)), List.of(new Hit(0, 0.9f)));

    // when
    Legs kept = NewestVersions.keep(legs, CHUNKS::get);

    // then
    assertThat(kept).isEqualTo(legs);
  }

  @Test
  void should_drop_the_older_versions_hits_in_order_when_the_legs_saw_different_versions() {
    // given: BM25 read document a before its replace to version 2 was refreshed, kNN after
    Legs legs =
        new Legs(
            List.of(new Hit(1, 5f), new Hit(3, 4f), new Hit(0, 3f)),
            List.of(new Hit(3, 0.8f), new Hit(2, 0.7f)));

    // when
    Legs kept = NewestVersions.keep(legs, CHUNKS::get);

    // then: document a only in version 2; document b untouched
    assertThat(kept.bm25()).containsExactly(new Hit(3, 4f));
    assertThat(kept.dense()).containsExactly(new Hit(3, 0.8f), new Hit(2, 0.7f));
  }

  @Test
  void should_keep_a_document_that_only_one_leg_found_in_whatever_version_it_saw() {
    // given
    Legs legs = new Legs(List.of(new Hit(0, 2f), new Hit(1, 1f)), List.of(new Hit(3, 0.5f)));

    // when
    Legs kept = NewestVersions.keep(legs, CHUNKS::get);

    // then
    assertThat(kept).isEqualTo(legs);
  }
}
