package dev.quarry.retriever.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

  // BM25 ranks 1, 2, 3; dense ranks 3, 4, 1.
  private static final List<Hit> BM25 = List.of(new Hit(1, 12f), new Hit(2, 8f), new Hit(3, 4f));
  private static final List<Hit> DENSE =
      List.of(new Hit(3, 0.9f), new Hit(4, 0.7f), new Hit(1, 0.5f));

  @Test
  void should_sum_reciprocal_ranks_when_fusing_with_rrf() {
    // when
    List<FusedHit> fused = new ReciprocalRankFusion(60).fuse(BM25, DENSE);

    // then doc 1: 1/61 + 1/63, doc 3: 1/63 + 1/61 (tie, broken by BM25 rank), doc 2: 1/62,
    // doc 4: 1/62 (tie, doc 2 has a BM25 rank)
    assertThat(fused).extracting(FusedHit::doc).containsExactly(1, 3, 2, 4);
    assertThat(fused.get(0).score()).isCloseTo((float) (1.0 / 61 + 1.0 / 63), within(1e-7f));
    assertThat(fused.get(2).score()).isCloseTo((float) (1.0 / 62), within(1e-7f));
  }

  @Test
  void should_keep_both_legs_ranks_when_fusing() {
    FusedHit doc3 =
        new ReciprocalRankFusion()
            .fuse(BM25, DENSE).stream().filter(h -> h.doc() == 3).findFirst().orElseThrow();

    assertThat(doc3.bm25Rank()).isEqualTo(3);
    assertThat(doc3.denseRank()).isEqualTo(1);
    assertThat(doc3.bm25().score()).isEqualTo(4f);
    assertThat(doc3.dense().score()).isEqualTo(0.9f);
  }

  @Test
  void should_combine_min_max_normalised_scores_when_fusing_with_weights() {
    // when
    List<FusedHit> fused = new WeightedScoreFusion(0.5f).fuse(BM25, DENSE);

    // then bm25' = 1, 0.5, 0 for docs 1, 2, 3; dense' = 0, 0.5, 1 for docs 1, 4, 3
    // doc 1: .5*1 + .5*0 = .5; doc 3: .5*0 + .5*1 = .5; doc 2: .25; doc 4: .25
    assertThat(fused).extracting(FusedHit::doc).containsExactly(1, 3, 2, 4);
    assertThat(fused).extracting(FusedHit::score).containsExactly(0.5f, 0.5f, 0.25f, 0.25f);
  }

  @Test
  void should_combine_z_scores_and_give_missing_documents_the_legs_weakest_score() {
    // given BM25 scores 12, 8, 4 (mean 8, sd 3.266) and cosines .9, .7, .5 (mean .7, sd .1633)
    List<FusedHit> fused =
        new WeightedScoreFusion(0.5f, WeightedScoreFusion.Normalization.Z_SCORE).fuse(BM25, DENSE);

    // then z(bm25) = 1.2247, 0, -1.2247 for docs 1, 2, 3; z(dense) = 1.2247, 0, -1.2247 for
    // docs 3, 4, 1; doc 2 lacks a dense score and doc 4 a BM25 score: both get -1.2247 there
    // (pairs tie up to float rounding, so only the pairs' order is asserted)
    double z = 4 / Math.sqrt(32.0 / 3);
    assertThat(fused.subList(0, 2)).extracting(FusedHit::doc).containsExactlyInAnyOrder(1, 3);
    assertThat(fused.subList(2, 4)).extracting(FusedHit::doc).containsExactlyInAnyOrder(2, 4);
    assertThat(fused.get(0).score()).isCloseTo(0f, within(1e-5f));
    assertThat(fused.get(2).score()).isCloseTo((float) (-z / 2), within(1e-5f));
    assertThat(fused.get(3).score()).isCloseTo((float) (-z / 2), within(1e-5f));
  }

  @Test
  void should_follow_one_leg_when_its_weight_is_one() {
    List<FusedHit> fused = new WeightedScoreFusion(1f).fuse(BM25, DENSE);

    assertThat(fused.subList(0, 3)).extracting(FusedHit::doc).containsExactly(3, 4, 1);
  }

  @Test
  void should_return_other_leg_when_one_leg_is_empty() {
    assertThat(new ReciprocalRankFusion().fuse(List.of(), DENSE))
        .extracting(FusedHit::doc)
        .containsExactly(3, 4, 1);
    assertThat(new WeightedScoreFusion(0.6f).fuse(BM25, List.of()))
        .extracting(FusedHit::doc)
        .containsExactly(1, 2, 3);
  }

  @Test
  void should_refuse_invalid_parameters() {
    assertThatThrownBy(() -> new WeightedScoreFusion(1.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> new ReciprocalRankFusion(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
