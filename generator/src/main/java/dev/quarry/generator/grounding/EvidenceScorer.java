package dev.quarry.generator.grounding;

import dev.quarry.generator.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Scores every sentence of the sources against the question with the support score the grounding
 * check uses: embedding similarity blended with the share of the question's content words the
 * sentence contains ({@link SupportScore}), and how well each, read in its context ({@link
 * SentenceContext}), answers the question embedded as a search query; keeps the sources' best
 * retrieval cosine. One embedding call covers the question and all sentences, plain and in context.
 * Thread-safe if the embedder is.
 */
public final class EvidenceScorer {

  private final SentenceEmbedder embedder;
  private final SupportScore support;
  private final boolean inContext;

  /**
   * A scorer for extractive answers: every score, {@link EvidenceSentence#inContext()} included.
   */
  public EvidenceScorer(SentenceEmbedder embedder, SupportScore support) {
    this(embedder, support, true);
  }

  /**
   * @param inContext whether to score sentences read in context ({@link
   *     EvidenceSentence#inContext()}, which only the extractive composer reads); without it each
   *     answer embeds its sentences once instead of twice, and {@code inContext} is NaN
   */
  public EvidenceScorer(SentenceEmbedder embedder, SupportScore support, boolean inContext) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.support = Objects.requireNonNull(support, "support");
    this.inContext = inContext;
  }

  /**
   * @param numbered the sources; {@code numbered.get(i)} is cited as {@code [i+1]}
   */
  public Evidence score(String question, List<Source> numbered) {
    List<String> texts = new ArrayList<>();
    texts.add(question);
    List<String> inContext = new ArrayList<>();
    List<int[]> where = new ArrayList<>(); // {source, index}
    for (int i = 0; i < numbered.size(); i++) {
      String context = SentenceContext.of(numbered.get(i));
      List<String> sentences = SentenceSplitter.split(numbered.get(i).text());
      for (int j = 0; j < sentences.size(); j++) {
        texts.add(sentences.get(j));
        inContext.add(SentenceContext.apply(context, sentences.get(j)));
        where.add(new int[] {i + 1, j});
      }
    }
    Set<String> questionWords = ContentWords.of(question);
    double relevance =
        numbered.stream()
            .map(Source::relevance)
            .filter(Objects::nonNull)
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(Double.NaN);
    if (where.isEmpty()) {
      return new Evidence(question, List.of(), relevance);
    }
    List<String> all = new ArrayList<>(texts);
    if (this.inContext) {
      all.addAll(inContext);
    }
    float[][] vectors = embedder.embed(all);
    float[] query = this.inContext ? embedder.embedQuery(question) : null;
    List<EvidenceSentence> out = new ArrayList<>(where.size());
    for (int i = 0; i < where.size(); i++) {
      String text = texts.get(i + 1);
      double similarity = ContentWords.cosine(vectors[0], vectors[i + 1]);
      double coverage = ContentWords.overlap(questionWords, ContentWords.of(text));
      out.add(
          new EvidenceSentence(
              where.get(i)[0],
              where.get(i)[1],
              text,
              TextShape.of(text),
              similarity,
              coverage,
              support.score(similarity, coverage),
              query == null ? Double.NaN : ContentWords.cosine(query, vectors[texts.size() + i])));
    }
    return new Evidence(question, out, relevance);
  }
}
