package dev.quarry.api.replicas;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.ServerLease;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * This server's lease in the catalogue: an id of its own for this run, taken at start-up, renewed
 * by {@link LeaseKeeper} and handed back at a clean shutdown. Other servers on the same catalogue
 * read the leases to tell a job that is running elsewhere from one a stopped server left.
 */
@ApplicationScoped
public class ThisServer {

  private final String id = UUID.randomUUID().toString();

  @Inject QuarryConfig config;

  private volatile boolean registered;

  /** Whether the lease was taken (start-up ran). */
  boolean registered() {
    return registered;
  }

  /** This run's id (a new one at each start). */
  public String id() {
    return id;
  }

  /**
   * Takes the lease. With the embedded index engine the indexes live on this machine's disk, so a
   * second server on the same catalogue would index into another disk: refused.
   *
   * @throws SharedCatalogueException when embedded indexes would be shared
   */
  public void register(boolean embeddedIndexes) {
    Instant now = Instant.now();
    String dataDir = config.dataDir().toAbsolutePath().normalize().toString();
    String host = hostName();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              if (embeddedIndexes) {
                List<ServerLease> others =
                    ServerLease.aliveSince(now.minus(config.replicas().lease())).stream()
                        // the same folder on the same host is this server before a crash
                        .filter(l -> !(l.host.equals(host) && l.dataDir.equals(dataDir)))
                        .toList();
                if (!others.isEmpty()) {
                  throw new SharedCatalogueException(others.get(0).toString());
                }
              }
              ServerLease lease = new ServerLease();
              lease.id = id;
              lease.host = host;
              lease.pid = ProcessHandle.current().pid();
              lease.dataDir = dataDir;
              lease.startedAt = now;
              lease.heartbeatAt = now;
              lease.persist();
            });
    registered = true;
    Log.infof("This server is %s on %s (pid %d)", id, host, ProcessHandle.current().pid());
  }

  /** Renews the lease; takes it again if another server had given this one up for gone. */
  void renew() {
    if (!registered) {
      return;
    }
    Instant now = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              ServerLease lease = ServerLease.findById(id);
              if (lease == null) {
                Log.warnf(
                    "This server's lease had run out (a pause longer than %s); taken again",
                    config.replicas().lease());
                lease = new ServerLease();
                lease.id = id;
                lease.host = hostName();
                lease.pid = ProcessHandle.current().pid();
                lease.dataDir = config.dataDir().toAbsolutePath().normalize().toString();
                lease.startedAt = now;
                lease.persist();
              }
              lease.heartbeatAt = now;
            });
  }

  /** The ids of the servers holding a lease now, this one included. */
  public Set<String> running() {
    Instant since = Instant.now().minus(config.replicas().lease());
    Set<String> ids =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    ServerLease.aliveSince(since).stream()
                        .map(l -> l.id)
                        .collect(Collectors.toSet()));
    ids.add(id);
    return ids;
  }

  /**
   * Hands the lease back at a clean shutdown, after the ingestion workers queued their jobs again
   * (they observe the same event at the default priority, which runs first).
   */
  void release(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
    if (!registered) {
      return;
    }
    registered = false;
    try {
      QuarkusTransaction.requiringNew().run(() -> ServerLease.deleteById(id));
    } catch (RuntimeException e) {
      Log.warnf(e, "Could not hand back this server's lease; it runs out on its own");
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
