package dev.quarry.api.qa;

import dev.quarry.api.catalogue.Document;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.retriever.search.Passage;
import dev.quarry.retriever.search.SearchResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives found passages their document's current name. A chunk records the name its document had
 * when it was indexed ({@code source}); a rename changes only the catalogue, so the catalogue's
 * name wins. One catalogue query per search.
 */
@ApplicationScoped
public class CurrentNames {

  /** The result with each passage's {@code source} set to its document's name now. */
  public SearchResult apply(SearchResult result) {
    if (result.passages().isEmpty()) {
      return result;
    }
    List<String> ids = result.passages().stream().map(Passage::documentId).distinct().toList();
    Map<String, String> names = new HashMap<>();
    QuarkusTransaction.joiningExisting()
        .run(() -> Document.<Document>list("id in ?1", ids).forEach(d -> names.put(d.id, d.name)));
    List<Passage> renamed = result.passages().stream().map(p -> named(p, names)).toList();
    return new SearchResult(
        renamed, result.queryTokens(), result.queryTruncated(), result.timings());
  }

  private static Passage named(Passage p, Map<String, String> names) {
    String name = names.get(p.documentId());
    if (name == null || name.equals(p.metadata().get(IngestionPipeline.SOURCE))) {
      return p;
    }
    Map<String, String> metadata = new HashMap<>(p.metadata());
    metadata.put(IngestionPipeline.SOURCE, name);
    return new Passage(
        p.id(),
        p.documentId(),
        p.version(),
        p.ordinal(),
        p.title(),
        p.headingPath(),
        p.text(),
        p.start(),
        p.end(),
        p.page(),
        Map.copyOf(metadata),
        p.score(),
        p.bm25(),
        p.dense());
  }
}
