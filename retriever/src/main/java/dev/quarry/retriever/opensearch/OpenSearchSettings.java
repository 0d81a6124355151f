package dev.quarry.retriever.opensearch;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Quarry reaches an OpenSearch cluster and lays out a knowledge base's index there.
 *
 * @param hosts the nodes' HTTP addresses ({@code http://host:9200} or {@code https://…}); requests
 *     go to any of them, a node that fails is avoided for a while
 * @param username basic-auth user, or null for a cluster without security
 * @param password basic-auth password, or null
 * @param shards primary shards per knowledge base index
 * @param replicas copies of each shard on other nodes
 * @param indexPrefix prepended to the knowledge base id to name its index
 * @param timeout how long one request may take before it fails as unavailable
 * @param caCertificate a PEM file of the certificates that sign the cluster's own (its CA, or
 *     self-signed node certificates) for {@code https://} hosts, trusted besides nothing else; null
 *     to trust what the JVM trusts
 * @param derivedSource whether a new index keeps the vectors out of its stored {@code _source} (the
 *     k-NN plugin's derived source, {@code index.knn.derived_source.enabled}: about 40 % less disk,
 *     but experimental in 2.19, where a replica recovering while chunks are written can stall every
 *     write to its shard (k-NN issue 2625, fixed in 3.0, where it is the default; a cluster before
 *     2.19 refuses the setting); existing indexes keep what they were created with
 */
public record OpenSearchSettings(
    List<URI> hosts,
    String username,
    String password,
    int shards,
    int replicas,
    String indexPrefix,
    Duration timeout,
    Path caCertificate,
    boolean derivedSource) {

  public OpenSearchSettings {
    hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("at least one OpenSearch host is needed");
    }
    for (URI host : hosts) {
      if (!"http".equals(host.getScheme()) && !"https".equals(host.getScheme())
          || host.getHost() == null) {
        throw new IllegalArgumentException(
            "an OpenSearch host is an http:// or https:// address with a host name, not " + host);
      }
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("give both a user name and a password, or neither");
    }
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, not " + shards);
    }
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
    }
    if (!indexPrefix.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
      throw new IllegalArgumentException(
          "the index prefix takes lower-case letters, digits, '-' and '_', not '"
              + indexPrefix
              + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
    if (caCertificate != null && !Files.isReadable(caCertificate)) {
      throw new IllegalArgumentException(
          "the CA certificate file " + caCertificate + " cannot be read");
    }
  }

  /** Settings that trust the cluster's certificates as the JVM does, vectors in the source. */
  public OpenSearchSettings(
      List<URI> hosts,
      String username,
      String password,
      int shards,
      int replicas,
      String indexPrefix,
      Duration timeout) {
    this(hosts, username, password, shards, replicas, indexPrefix, timeout, null, false);
  }

  /** One host, no security, 1 shard and no replica: a development cluster. */
  public static OpenSearchSettings local(URI host) {
    return new OpenSearchSettings(
        List.of(host), null, null, 1, 0, "quarry-", Duration.ofSeconds(30));
  }

  public OpenSearchSettings withHosts(List<URI> hosts) {
    return new OpenSearchSettings(
        hosts,
        username,
        password,
        shards,
        replicas,
        indexPrefix,
        timeout,
        caCertificate,
        derivedSource);
  }

  public OpenSearchSettings withLayout(int shards, int replicas) {
    return new OpenSearchSettings(
        hosts,
        username,
        password,
        shards,
        replicas,
        indexPrefix,
        timeout,
        caCertificate,
        derivedSource);
  }

  /** The same settings, with basic-auth credentials (both null for none). */
  public OpenSearchSettings withCredentials(String username, String password) {
    return new OpenSearchSettings(
        hosts,
        username,
        password,
        shards,
        replicas,
        indexPrefix,
        timeout,
        caCertificate,
        derivedSource);
  }

  /** The same settings, trusting the certificates in {@code caCertificate} (a PEM file). */
  public OpenSearchSettings withCaCertificate(Path caCertificate) {
    return new OpenSearchSettings(
        hosts,
        username,
        password,
        shards,
        replicas,
        indexPrefix,
        timeout,
        caCertificate,
        derivedSource);
  }

  /** The same settings, new indexes keeping the vectors in their stored source or not. */
  public OpenSearchSettings withDerivedSource(boolean derivedSource) {
    return new OpenSearchSettings(
        hosts,
        username,
        password,
        shards,
        replicas,
        indexPrefix,
        timeout,
        caCertificate,
        derivedSource);
  }
}
