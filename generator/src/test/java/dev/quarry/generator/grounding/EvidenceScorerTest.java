package dev.quarry.generator.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.generator.Source;
import dev.quarry.generator.testing.HashedBagOfWordsEmbedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceScorerTest {

  private final HashedBagOfWordsEmbedder real = new HashedBagOfWordsEmbedder();
  private final List<Integer> batches = new ArrayList<>();
  private final SentenceEmbedder counting =
      texts -> {
        batches.add(texts.size());
        return real.embed(texts);
      };
  private final List<Source> sources =
      List.of(new Source("a#0", "Physics", "Water boils at 100 degrees. Ice melts at zero."));

  @Test
  void should_embed_each_sentence_once_when_no_in_context_score_is_wanted() {
    // when: scored for a model's answer
    Evidence evidence =
        new EvidenceScorer(counting, SupportScore.DEFAULT, false)
            .score("When does water boil?", sources);

    // then: the question and the two sentences, in one batch; no in-context score
    assertThat(batches).containsExactly(3);
    assertThat(evidence.sentences()).allSatisfy(s -> assertThat(s.inContext()).isNaN());
  }

  @Test
  void should_also_score_sentences_in_context_for_extractive_answers() {
    // when
    Evidence evidence =
        new EvidenceScorer(counting, SupportScore.DEFAULT).score("When does water boil?", sources);

    // then: plain and in-context sentences in one batch, then the question as a query
    assertThat(batches).containsExactly(5, 1);
    assertThat(evidence.sentences())
        .allSatisfy(s -> assertThat(s.inContext()).isBetween(-1.0, 1.0));
  }
}
