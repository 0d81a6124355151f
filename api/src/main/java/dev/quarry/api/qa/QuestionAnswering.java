package dev.quarry.api.qa;

import dev.quarry.api.ApiException;
import dev.quarry.api.QuarryConfig;
import dev.quarry.api.engine.Answers;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.generator.Answer;
import dev.quarry.generator.AnswerGenerator;
import dev.quarry.generator.AnswerMode;
import dev.quarry.generator.Source;
import dev.quarry.generator.grounding.SentenceSupport;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.Citation;
import dev.quarry.retriever.IndexClosedException;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchRequest;
import dev.quarry.retriever.search.SearchResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Question to cited answer: hybrid search in one knowledge base, then {@link AnswerGenerator}
 * (declined when the passages do not hold the subject; else generated, or extractive without a
 * model), then each citation mapped back to its passage with the part that backs the answer.
 * Searches never leave the knowledge base: each has its own index.
 */
@ApplicationScoped
public class QuestionAnswering {

  @Inject Pipelines pipelines;
  @Inject CurrentNames currentNames;
  @Inject Answers answers;
  @Inject QuarryConfig config;
  @Inject MeterRegistry metrics;

  private Timer searchTimer;
  private Timer askTimer;

  @PostConstruct
  void meters() {
    searchTimer =
        Timer.builder("quarry.search")
            .description("Search latency, query embedding included")
            .publishPercentileHistogram()
            .register(metrics);
    askTimer =
        Timer.builder("quarry.ask")
            .description("Question latency, retrieval and answer")
            .publishPercentileHistogram()
            .register(metrics);
  }

  /** A search's passages and how long it took. */
  public record SearchResponse(
      List<PassageView> passages, boolean queryTruncated, Map<String, Double> timings) {}

  /**
   * @throws ApiException 400 for a blank or too long query, a bad k or an unknown filter field
   */
  public SearchResponse search(
      String kbId, String query, Integer k, Map<String, List<String>> filters) {
    long t0 = System.nanoTime();
    SearchResult result = retrieve(kbId, query, k, filters);
    long nanos = System.nanoTime() - t0;
    searchTimer.record(nanos, TimeUnit.NANOSECONDS);
    return new SearchResponse(
        result.passages().stream().map(PassageView::of).toList(),
        result.queryTruncated(),
        Map.of("totalMs", nanos / 1e6));
  }

  /** How many of the closest passages an abstained answer offers as "possibly related". */
  static final int RELATED = 3;

  /**
   * Answers {@code question} from the knowledge base, streaming text to {@code listener}.
   *
   * @param minEvidence the evidence threshold for this question, or null for the server's ({@code
   *     quarry.answers.min-evidence})
   * @throws ApiException 400 for a blank or too long question, a bad k or a threshold outside [0,
   *     1]
   */
  public AskResult ask(
      String kbId,
      String question,
      Integer k,
      Double minEvidence,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    AnswerGenerator generator = answers.generator();
    checkMinEvidence(minEvidence);
    double threshold = minEvidence == null ? generator.settings().minEvidence() : minEvidence;
    long t0 = System.nanoTime();
    SearchResult found = retrieve(kbId, question, k, Map.of());
    long t1 = System.nanoTime();
    List<Passage> passages = found.passages();
    List<Source> sources =
        passages.stream()
            .map(
                p ->
                    new Source(
                        p.id(),
                        PassageView.documentName(p),
                        p.text(),
                        p.headingPath(),
                        p.page(),
                        p.dense() == null ? null : (double) p.dense().score()))
            .toList();
    Answer answer = generator.answer(question.strip(), sources, threshold, listener, cancellation);
    long t2 = System.nanoTime();
    askTimer.record(t2 - t0, TimeUnit.NANOSECONDS);
    if (answer.answerTokens() > 0) {
      metrics.counter("quarry.generator.tokens").increment(answer.answerTokens());
    }
    boolean abstained = answer.mode() == AnswerMode.ABSTAINED;
    return new AskResult(
        answer.text(),
        switch (answer.mode()) {
          case GENERATED -> "generative";
          case EXTRACTIVE -> "extractive";
          case ABSTAINED -> "abstained";
        },
        abstained ? AskResult.Abstention.of(answer.abstention()) : null,
        answer.evidence(),
        citations(answer, passages),
        answer.grounding().unsupported().stream().map(SentenceSupport::sentence).toList(),
        answer.unknownCitationNumbers(),
        abstained ? passages.stream().limit(RELATED).map(PassageView::of).toList() : List.of(),
        new AskResult.Timings((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6),
        new AskResult.Usage(answer.promptTokens(), answer.answerTokens()),
        answer.notice(),
        question.strip(),
        "unchanged");
  }

  /**
   * Checks a request's evidence threshold; null (the server's) is fine.
   *
   * @throws ApiException 400 when {@code minEvidence} is outside [0, 1]
   */
  public void checkMinEvidence(Double minEvidence) {
    if (minEvidence != null && !(minEvidence >= 0 && minEvidence <= 1)) {
      throw ApiException.badRequest(
          "minEvidence must be between 0 and 1 (0 never declines), got " + minEvidence + ".");
    }
  }

  /**
   * Checks a query or question and k without running anything.
   *
   * @return the number of passages to retrieve
   * @throws ApiException 400 for a blank or too long query or a k out of range
   */
  public int validate(String query, Integer k) {
    if (query == null || query.isBlank()) {
      throw ApiException.badRequest("The query is empty: say what you are looking for.");
    }
    if (query.length() > config.limits().maxQueryChars()) {
      throw ApiException.badRequest(
          "The query is "
              + query.length()
              + " characters long; the limit is "
              + config.limits().maxQueryChars()
              + " (quarry.limits.max-query-chars).");
    }
    int want = k == null ? config.retrieval().defaultK() : k;
    if (want < 1 || want > config.limits().maxK()) {
      throw ApiException.badRequest(
          "k must be between 1 and " + config.limits().maxK() + ", got " + want + ".");
    }
    return want;
  }

  private SearchResult retrieve(
      String kbId, String query, Integer k, Map<String, List<String>> filters) {
    int want = validate(query, k);
    // a wrong filter is an InvalidSearchException, which the problem mapping makes a 400
    SearchRequest request =
        SearchRequest.of(query.strip(), want).withFilters(filters == null ? Map.of() : filters);
    try {
      return currentNames.apply(pipelines.retriever(kbId).search(request));
    } catch (IndexClosedException swappedMeanwhile) {
      // a re-index replaced the index this search had picked: the knowledge base's index now
      return currentNames.apply(pipelines.retriever(kbId).search(request));
    }
  }

  private static List<AskResult.CitationView> citations(Answer answer, List<Passage> passages) {
    Map<String, Passage> byId =
        passages.stream().collect(Collectors.toMap(Passage::id, Function.identity(), (a, b) -> a));
    List<AskResult.CitationView> views = new ArrayList<>();
    for (Citation c : answer.citations()) {
      Passage p = byId.get(c.sourceId());
      if (p == null) {
        continue;
      }
      List<String> citing =
          answer.grounding().sentences().stream()
              .filter(s -> s.citedNumbers().contains(c.number()))
              .map(SentenceSupport::sentence)
              .toList();
      views.add(
          new AskResult.CitationView(
              c.number(),
              p.id(),
              p.documentId(),
              PassageView.documentName(p),
              p.text(),
              p.headingPath(),
              p.page(),
              p.start(),
              p.end(),
              Optional.ofNullable(Highlighter.find(p.text(), citing)).orElse(null)));
    }
    return views;
  }
}
