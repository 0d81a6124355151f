package dev.quarry.retriever.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

  // BM25 ranks 1, 2, 3; dense ranks 3, 4, 1; both legs were asked for 3 hits, so both were cut.
  private static final int DEPTH = 3;
  private static final List<Hit> BM25 = List.of(new Hit(1, 12f), new Hit(2, 8f), new Hit(3, 4f));
  private static final List<Hit> DENSE =
      List.of(new Hit(3, 0.9f), new Hit(4, 0.7f), new Hit(1, 0.5f));

  @Test
  void should_sum_reciprocal_ranks_when_fusing_with_rrf() {
    // when
    List<FusedHit> fused = new ReciprocalRankFusion(60).fuse(BM25, DENSE, DEPTH);

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
            .fuse(BM25, DENSE, DEPTH).stream().filter(h -> h.doc() == 3).findFirst().orElseThrow();

    assertThat(doc3.bm25Rank()).isEqualTo(3);
    assertThat(doc3.denseRank()).isEqualTo(1);
    assertThat(doc3.bm25().score()).isEqualTo(4f);
    assertThat(doc3.dense().score()).isEqualTo(0.9f);
  }

  @Test
  void should_combine_min_max_normalised_scores_when_fusing_with_weights() {
    // when
    List<FusedHit> fused = new WeightedScoreFusion(0.5f).fuse(BM25, DENSE, DEPTH);

    // then bm25' = 1, 0.5, 0 for docs 1, 2, 3; dense' = 0, 0.5, 1 for docs 1, 4, 3
    // doc 1: .5*1 + .5*0 = .5; doc 3: .5*0 + .5*1 = .5; doc 2: .25; doc 4: .25
    assertThat(fused).extracting(FusedHit::doc).containsExactly(1, 3, 2, 4);
    assertThat(fused).extracting(FusedHit::score).containsExactly(0.5f, 0.5f, 0.25f, 0.25f);
  }

  @Test
  void should_combine_z_scores_and_give_missing_documents_the_legs_weakest_score() {
    // given BM25 scores 12, 8, 4 (mean 8, sd 3.266) and cosines .9, .7, .5 (mean .7, sd .1633)
    List<FusedHit> fused =
        new WeightedScoreFusion(0.5f, WeightedScoreFusion.Normalization.Z_SCORE)
            .fuse(BM25, DENSE, DEPTH);

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
    List<FusedHit> fused = new WeightedScoreFusion(1f).fuse(BM25, DENSE, DEPTH);

    assertThat(fused.subList(0, 3)).extracting(FusedHit::doc).containsExactly(3, 4, 1);
  }

  @Test
  void should_return_other_leg_when_one_leg_is_empty() {
    assertThat(new ReciprocalRankFusion().fuse(List.of(), DENSE, DEPTH))
        .extracting(FusedHit::doc)
        .containsExactly(3, 4, 1);
    assertThat(new WeightedScoreFusion(0.6f).fuse(BM25, List.of(), DEPTH))
        .extracting(FusedHit::doc)
        .containsExactly(1, 2, 3);
  }

  @Test
  void should_rank_a_lone_lexical_match_first_when_the_bm25_leg_has_one_hit() {
    // given a code query: BM25 matches doc 7 only; the dense leg's 100 nearest (cut at depth 100)
    // are other documents with cosines 0.80 down to 0.60, and doc 7 is not among them
    List<Hit> bm25 = List.of(new Hit(7, 9.1f));
    List<Hit> dense = descending(100, 100, 0.80, 0.60);

    for (WeightedScoreFusion.Normalization normalization :
        WeightedScoreFusion.Normalization.values()) {
      // when
      List<FusedHit> fused = new WeightedScoreFusion(0.5f, normalization).fuse(bm25, dense, 100);

      // then the complete BM25 leg scores the 100 dense-only candidates 0, so doc 7 stands out
      assertThat(fused).as(normalization.name()).hasSize(101);
      assertThat(fused.get(0).doc()).as(normalization.name()).isEqualTo(7);
      assertThat(fused.get(0).denseRank()).isZero();
    }
  }

  @Test
  void should_put_a_lone_match_sqrt_n_minus_one_deviations_out_when_normalising_z_scores() {
    // given the same one-hit BM25 leg, 101 candidates in all
    List<Hit> dense = descending(100, 100, 0.80, 0.60);
    List<FusedHit> fused =
        new WeightedScoreFusion(1f, WeightedScoreFusion.Normalization.Z_SCORE)
            .fuse(List.of(new Hit(7, 9.1f)), dense, 100);
    List<FusedHit> bm25Only =
        new WeightedScoreFusion(0f, WeightedScoreFusion.Normalization.Z_SCORE)
            .fuse(List.of(new Hit(7, 9.1f)), dense, 100);

    // then in BM25 terms one value among 101 stands √100 = 10 out, and the others −1/√100 each
    assertThat(bm25Only.get(0).doc()).isEqualTo(7);
    assertThat(bm25Only.get(0).score()).isCloseTo(10f, within(1e-4f));
    assertThat(bm25Only.get(1).score()).isCloseTo(-0.1f, within(1e-5f));
    // and in dense terms doc 7, missing from the cut dense leg, gets that leg's weakest z-score
    FusedHit doc7 = fused.stream().filter(h -> h.doc() == 7).findFirst().orElseThrow();
    assertThat(doc7.score()).isCloseTo(fused.get(fused.size() - 1).score(), within(1e-6f));
  }

  @Test
  void should_score_a_document_zero_in_a_leg_that_returned_fewer_hits_than_asked() {
    // given depth 3: the BM25 leg returned 2 hits, so it holds every match (complete); the dense
    // leg returned 3, so it was cut
    List<Hit> bm25 = List.of(new Hit(1, 6f), new Hit(2, 3f));

    // when
    List<FusedHit> fused =
        new WeightedScoreFusion(0.5f, WeightedScoreFusion.Normalization.Z_SCORE)
            .fuse(bm25, DENSE, DEPTH);

    // then BM25 is normalised over all four candidates, 6, 3, 0, 0 (docs 3 and 4 match no term);
    // dense over its own hits .9, .7, .5, with doc 2 at the weakest, .5
    double mean = 9 / 4.0;
    double sd =
        Math.sqrt(((6 - mean) * (6 - mean) + (3 - mean) * (3 - mean) + 2 * mean * mean) / 4);
    double zd = 0.2 / Math.sqrt(0.08 / 3);
    double doc1 = ((6 - mean) / sd - zd) / 2; // 0.1414
    double doc2 = ((3 - mean) / sd - zd) / 2; // -0.4616
    double doc3 = ((0 - mean) / sd + zd) / 2; // 0.1601
    double doc4 = ((0 - mean) / sd) / 2; // -0.4523
    assertThat(fused).extracting(FusedHit::doc).containsExactly(3, 1, 4, 2);
    assertThat(fused)
        .extracting(FusedHit::score)
        .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-5f ? 0 : Float.compare(a, b))
        .containsExactly((float) doc3, (float) doc1, (float) doc4, (float) doc2);
  }

  @Test
  void should_keep_the_other_legs_order_when_one_leg_was_not_run() {
    // given a dense-only search: the BM25 leg is empty, so complete, and scores everyone 0
    for (WeightedScoreFusion.Normalization normalization :
        WeightedScoreFusion.Normalization.values()) {
      List<FusedHit> fused =
          new WeightedScoreFusion(0.5f, normalization).fuse(List.of(), DENSE, 10);

      assertThat(fused).as(normalization.name()).extracting(FusedHit::doc).containsExactly(3, 4, 1);
      assertThat(fused.get(0).score()).isGreaterThan(fused.get(2).score());
    }
  }

  @Test
  void should_rank_by_the_other_leg_when_a_cut_leg_has_one_candidate() {
    // given depth 1: each leg returned its single best, so both were cut and neither spreads
    List<FusedHit> fused =
        new WeightedScoreFusion(0.5f, WeightedScoreFusion.Normalization.Z_SCORE)
            .fuse(List.of(new Hit(1, 5f)), List.of(new Hit(2, 0.8f)), 1);

    // then both score 0 and the tie goes to the document with a BM25 rank
    assertThat(fused).extracting(FusedHit::doc).containsExactly(1, 2);
    assertThat(fused).extracting(FusedHit::score).containsOnly(0f);
  }

  @Test
  void should_refuse_invalid_parameters() {
    assertThatThrownBy(() -> new WeightedScoreFusion(1.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> new ReciprocalRankFusion(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WeightedScoreFusion(0.5f).fuse(BM25, DENSE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth");
    assertThatThrownBy(() -> new ReciprocalRankFusion().fuse(BM25, DENSE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth");
  }

  /** {@code n} hits for documents {@code first, first + 1, ...} scoring evenly from high to low. */
  private static List<Hit> descending(int first, int n, double high, double low) {
    List<Hit> hits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      hits.add(new Hit(first + i, (float) (high - (high - low) * i / (n - 1))));
    }
    return hits;
  }
}
