package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.fusion.Hit;
import dev.quarry.retriever.index.Legs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two legs that read a document in different versions keep only its newest. */
class NewestVersionsTest {

  /** The chunks hits name, by {@code doc}: document a in versions 1 and 2, document b in 1. */
  private static final List<NewestVersions.Version> CHUNKS =
      List.of(version("a", 1), version("a", 1), version("a", 2), version("b", 1));

  private static NewestVersions.Version version(String document, long version) {
    return new NewestVersions.Version(document, version);
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
