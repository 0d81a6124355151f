package dev.quarry.api.qa;

import dev.quarry.retriever.search.LegScore;
import dev.quarry.retriever.search.Passage;
import java.util.List;

/** A retrieved passage as the API shows it. */
public record PassageView(
    String id,
    String documentId,
    String documentName,
    String text,
    List<String> headingPath,
    Integer page,
    int start,
    int end,
    double score,
    LegView bm25,
    LegView dense) {

  /** One leg's score and 1-based rank. */
  public record LegView(double score, int rank) {
    static LegView of(LegScore leg) {
      return leg == null ? null : new LegView(leg.score(), leg.rank());
    }
  }

  public static PassageView of(Passage p) {
    return new PassageView(
        p.id(),
        p.documentId(),
        documentName(p),
        p.text(),
        p.headingPath(),
        p.page(),
        p.start(),
        p.end(),
        p.score(),
        LegView.of(p.bm25()),
        LegView.of(p.dense()));
  }

  /** The file name ingestion recorded on the chunk ({@code source}), else the title. */
  static String documentName(Passage p) {
    String source = p.metadata().get("source");
    return source != null ? source : p.title();
  }
}
