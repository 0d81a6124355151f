package dev.quarry.api.health;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.ingest.IndexOutages;
import dev.quarry.retriever.index.ChunkIndexes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the catalogue answers, new indexes can be written (the index directory is writable, or
 * the OpenSearch cluster answers and is not red), and every knowledge base's index can be opened;
 * otherwise down, naming what is not (an index outage lists each knowledge base with the reason and
 * since when; its jobs wait and resume when it passes).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject QuarryConfig config;
  @Inject ChunkIndexes indexes;
  @Inject IndexOutages outages;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("quarry");
    try {
      long kbs = QuarkusTransaction.requiringNew().call(() -> KnowledgeBase.count());
      response.withData("knowledgeBases", kbs);
    } catch (RuntimeException e) {
      return response.down().withData("database", String.valueOf(e.getMessage())).build();
    }
    var problem = indexes.problem();
    if (problem.isPresent()) {
      return response.down().withData("indexes", problem.get()).build();
    }
    var down = outages.current();
    if (!down.isEmpty()) {
      response.down().withData("indexUnavailable", String.join(",", down.keySet()));
      down.forEach(
          (kb, o) ->
              response.withData(
                  "index " + kb,
                  o.reason() + " (since " + o.since().truncatedTo(ChronoUnit.SECONDS) + ")"));
      return response.build();
    }
    return response.up().withData("indexes", indexes.list().size()).build();
  }
}
