package dev.quarry.api.replicas;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.ServerLease;
import dev.quarry.api.ingest.AbandonedJobs;
import dev.quarry.api.ingest.IngestionWorker;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;

/**
 * Every {@code quarry.replicas.heartbeat}: renews this server's lease, then takes over what servers
 * whose lease ran out left: their running jobs go back to the queue (any server may claim them,
 * this one is woken at once) and their leases are removed. So when one of several servers dies, its
 * uploads still end READY, about one lease later.
 */
@ApplicationScoped
public class LeaseKeeper {

  @Inject ThisServer server;
  @Inject AbandonedJobs abandoned;
  @Inject IngestionWorker worker;
  @Inject QuarryConfig config;

  @Scheduled(
      every = "${quarry.replicas.heartbeat}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void beat() {
    try {
      server.renew();
      takeOver();
    } catch (RuntimeException e) {
      Log.warnf(e, "Renewing this server's lease failed; trying again at the next heartbeat");
    }
  }

  /** Queues again the work of servers whose lease ran out; returns how many jobs. */
  public int takeOver() {
    if (!server.registered()) {
      return 0;
    }
    Set<String> running = server.running();
    int jobs = abandoned.requeueJobs(running);
    int documents = abandoned.requeueDocuments(running);
    Instant gone = Instant.now().minus(config.replicas().lease());
    long leases =
        QuarkusTransaction.requiringNew()
            .call(() -> ServerLease.delete("heartbeatAt < ?1 and id <> ?2", gone, server.id()));
    if (jobs + documents + leases > 0) {
      Log.infof(
          "Took over from %d stopped servers: %d jobs and %d documents queued again",
          leases, jobs, documents);
      worker.wake();
    }
    return jobs;
  }
}
