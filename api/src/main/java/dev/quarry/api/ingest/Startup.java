package dev.quarry.api.ingest;

import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.security.AdminKey;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Start-up order: admin key, the OCR settings logged, reconciliation, demo knowledge base, then the
 * workers.
 */
@ApplicationScoped
public class Startup {

  @Inject AdminKey adminKey;
  @Inject Reconciler reconciler;
  @Inject DemoKnowledgeBase demo;
  @Inject IngestionWorker worker;
  @Inject Pipelines pipelines;

  void onStart(@Observes StartupEvent event) {
    adminKey.value();
    Log.info(pipelines.describeOcr());
    try {
      reconciler.run(); // guards each of its steps; this is the last net
    } catch (RuntimeException e) {
      Log.error("Start-up reconciliation failed; the server starts anyway", e);
    }
    demo.createIfFresh();
    worker.start();
  }
}
