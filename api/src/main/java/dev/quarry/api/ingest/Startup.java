package dev.quarry.api.ingest;

import dev.quarry.api.security.AdminKey;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Start-up order: admin key, reconciliation, demo knowledge base, then the workers. */
@ApplicationScoped
public class Startup {

  @Inject AdminKey adminKey;
  @Inject Reconciler reconciler;
  @Inject DemoKnowledgeBase demo;
  @Inject IngestionWorker worker;

  void onStart(@Observes StartupEvent event) {
    adminKey.value();
    reconciler.run();
    demo.createIfFresh();
    worker.start();
  }
}
