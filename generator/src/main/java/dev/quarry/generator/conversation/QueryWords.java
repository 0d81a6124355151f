package dev.quarry.generator.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of a question, and which of them carry its subject. */
final class QueryWords {

  /** A word: letters and digits, joined by inner hyphens or apostrophes ("0-dimensional"). */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");

  /**
   * Words that name no subject: Lucene's English stop words ({@code
   * EnglishAnalyzer.ENGLISH_STOP_WORDS_SET}), question words, auxiliaries and the small talk of
   * follow-ups ("tell me more").
   */
  static final Set<String> STOP =
      setOf(
          // Lucene's English stop words
          "a an and are as at be but by for if in into is it no not of on or such that the their"
              + " then there these they this to was will with"
              // question words and auxiliaries
              + " what which who whom whose how why when where does do did done can could should"
              + " would shall may might must has have had were been being am i me my we our you"
              + " your its them he him his she her those from about so than any some also else too"
              + " again more other own same just only very much many all each both either neither"
              // follow-up small talk
              + " tell say says said explain mean means please really true right ok okay thanks"
              + " yes one ones thing things further former latter");

  /** Words that point back at an earlier subject. */
  static final Set<String> REFERRING =
      setOf(
          "it its itself they them their theirs themselves this these those he him his she her"
              + " such former latter same");

  /** Openers of an elliptic follow-up: "and in mice?", "what about children?". */
  private static final List<String> ELLIPTIC_OPENERS =
      List.of("and ", "but ", "also ", "or ", "so ", "then ", "what about ", "how about ");

  private QueryWords() {}

  /** Every word of {@code text}, in order, as written. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }

  /** The words of {@code text} that are no stop word, in order, as written. */
  static List<String> content(String text) {
    return words(text).stream().filter(w -> !STOP.contains(lower(w))).toList();
  }

  static boolean refersBack(String text) {
    return words(text).stream().anyMatch(w -> REFERRING.contains(lower(w)));
  }

  static boolean elliptic(String text) {
    String start = text.strip().toLowerCase(Locale.ROOT);
    return ELLIPTIC_OPENERS.stream().anyMatch(start::startsWith);
  }

  private static Set<String> setOf(String spaced) {
    return Set.of(spaced.split(" "));
  }

  static String lower(String word) {
    return word.toLowerCase(Locale.ROOT);
  }
}
