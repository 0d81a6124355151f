package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A running server on this catalogue, alive while its {@link #heartbeatAt} is younger than {@code
 * quarry.replicas.lease}. Several servers share one catalogue when their indexes live in
 * OpenSearch.
 */
@Entity
@Table(name = "server_lease")
public class ServerLease extends PanacheEntityBase {

  @Id public String id;

  public String host;

  public long pid;

  /** The server's {@code quarry.data-dir}, absolute: the same folder means the same server. */
  @Column(name = "data_dir")
  public String dataDir;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "heartbeat_at")
  public Instant heartbeatAt;

  /** The servers whose last heartbeat is at or after {@code since}. */
  public static List<ServerLease> aliveSince(Instant since) {
    return list("heartbeatAt >= ?1", since);
  }

  @Override
  public String toString() {
    return "server " + id + " (" + host + ", pid " + pid + ", data " + dataDir + ")";
  }
}
