package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.replicas.EventRelay;
import dev.quarry.api.replicas.ThisServer;
import dev.quarry.api.security.AdminKey;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Start-up order: admin key, the OCR settings logged, this server's lease and the events relay
 * (several servers may share the catalogue), reconciliation, demo knowledge base, then the workers.
 */
@ApplicationScoped
public class Startup {

  @Inject AdminKey adminKey;
  @Inject Reconciler reconciler;
  @Inject DemoKnowledgeBase demo;
  @Inject IngestionWorker worker;
  @Inject Pipelines pipelines;
  @Inject ThisServer server;
  @Inject EventRelay relay;
  @Inject QuarryConfig config;

  void onStart(@Observes StartupEvent event) {
    adminKey.value();
    Log.info(pipelines.describeOcr());
    // refuses to start (SharedCatalogueException) beside another server with embedded indexes
    server.register(config.index().backend() == QuarryConfig.Index.Backend.EMBEDDED);
    relay.start(Duration.ofSeconds(10));
    boolean alone = server.running().size() == 1;
    try {
      reconciler.run(); // guards each of its steps; this is the last net
    } catch (RuntimeException e) {
      Log.error("Start-up reconciliation failed; the server starts anyway", e);
    }
    if (alone) {
      demo.createIfFresh(); // not when joining servers already running: one of them made it
    }
    worker.start();
  }
}
