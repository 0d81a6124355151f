package dev.quarry.generator.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContextualiserTest {

  private final Contextualiser contextualiser = new Contextualiser();

  private static final List<PriorTurn> ABOUT_ASPIRIN =
      List.of(PriorTurn.of("Does aspirin reduce the risk of colorectal cancer?", "Yes [1]."));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "What are its side effects? | What are its side effects? aspirin reduce risk colorectal"
            + " cancer",
        "Is that true? | Is that true? aspirin reduce risk colorectal cancer",
        "And in children? | And in children? aspirin reduce risk colorectal cancer",
        "What about the dose? | What about the dose? aspirin reduce risk colorectal cancer",
        "Which studies show it? | Which studies show it? aspirin reduce risk colorectal cancer",
        "Why? | Why? aspirin reduce risk colorectal cancer",
      })
  void should_carry_over_the_previous_questions_key_terms_when_the_follow_up_leans_on_it(
      String followUp, String expected) {
    // when
    StandaloneQuery query = contextualiser.rewrite(ABOUT_ASPIRIN, followUp);

    // then
    assertThat(query.text()).isEqualTo(expected);
    assertThat(query.method()).isEqualTo(RewriteMethod.CONTEXTUALISED);
  }

  @Test
  void should_leave_a_question_that_names_its_own_subject_unchanged() {
    // when
    StandaloneQuery query =
        contextualiser.rewrite(
            ABOUT_ASPIRIN, "  How is vitamin D deficiency diagnosed in elderly patients?  ");

    // then
    assertThat(query)
        .isEqualTo(
            new StandaloneQuery(
                "How is vitamin D deficiency diagnosed in elderly patients?",
                RewriteMethod.UNCHANGED));
  }

  @Test
  void should_leave_the_first_question_unchanged_when_there_is_no_earlier_turn() {
    // when
    StandaloneQuery query = contextualiser.rewrite(List.of(), "Is it safe?");

    // then
    assertThat(query).isEqualTo(new StandaloneQuery("Is it safe?", RewriteMethod.UNCHANGED));
  }

  @Test
  void should_not_repeat_terms_the_follow_up_already_has() {
    // when
    StandaloneQuery query = contextualiser.rewrite(ABOUT_ASPIRIN, "Does it prevent CANCER?");

    // then
    assertThat(query.text()).isEqualTo("Does it prevent CANCER? aspirin reduce risk colorectal");
  }

  @Test
  void should_keep_the_subject_through_a_chain_of_follow_ups_when_it_carries_the_previous_query() {
    // given: the second turn was itself a follow-up, rewritten
    StandaloneQuery second = contextualiser.rewrite(ABOUT_ASPIRIN, "And in children?");
    List<PriorTurn> history =
        List.of(ABOUT_ASPIRIN.get(0), new PriorTurn("And in children?", second.text(), "No data."));

    // when
    StandaloneQuery third = contextualiser.rewrite(history, "Why not?");

    // then
    assertThat(third.text()).isEqualTo("Why not? children aspirin reduce risk colorectal cancer");
  }

  @Test
  void should_carry_at_most_the_configured_number_of_terms() {
    // given
    Contextualiser two = new Contextualiser(Contextualiser.DEFAULT_SHORT_QUESTION, 2);

    // when
    StandaloneQuery query = two.rewrite(ABOUT_ASPIRIN, "Is it true?");

    // then
    assertThat(query.text()).isEqualTo("Is it true? aspirin reduce");
  }

  @Test
  void should_keep_hyphenated_terms_whole() {
    // given
    List<PriorTurn> history =
        List.of(PriorTurn.of("0-dimensional biomaterials show inductive properties.", ""));

    // when
    StandaloneQuery query = contextualiser.rewrite(history, "Is there evidence for this?");

    // then
    assertThat(query.text())
        .isEqualTo(
            "Is there evidence for this? 0-dimensional biomaterials show inductive properties");
  }

  @Test
  void should_reject_a_blank_question() {
    assertThatThrownBy(() -> contextualiser.rewrite(ABOUT_ASPIRIN, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_reject_settings_out_of_range() {
    assertThatThrownBy(() -> new Contextualiser(-1, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Contextualiser(3, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
