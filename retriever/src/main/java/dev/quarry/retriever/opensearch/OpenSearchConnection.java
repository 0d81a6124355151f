package dev.quarry.retriever.opensearch;

import dev.quarry.retriever.IndexUnavailableException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * One client of one OpenSearch cluster, shared by every knowledge base index on it: opensearch-java
 * over Apache HttpClient 5, which spreads requests over the hosts and avoids a failed one for a
 * while. Thread-safe; close it once, after the indexes.
 */
public final class OpenSearchConnection implements Closeable {

  private final OpenSearchSettings settings;
  private final OpenSearchTransport transport;
  private final OpenSearchClient client;

  public OpenSearchConnection(OpenSearchSettings settings) {
    this.settings = settings;
    HttpHost[] hosts =
        settings.hosts().stream()
            .map(u -> new HttpHost(u.getScheme(), u.getHost(), port(u)))
            .toArray(HttpHost[]::new);
    Timeout timeout = Timeout.of(settings.timeout());
    this.transport =
        ApacheHttpClient5TransportBuilder.builder(hosts)
            .setMapper(new JacksonJsonpMapper())
            .setRequestConfigCallback(
                r -> r.setConnectionRequestTimeout(timeout).setResponseTimeout(timeout))
            .setHttpClientConfigCallback(
                http -> {
                  if (settings.username() != null) {
                    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                    for (HttpHost host : hosts) {
                      credentials.setCredentials(
                          new AuthScope(host),
                          new UsernamePasswordCredentials(
                              settings.username(), settings.password().toCharArray()));
                    }
                    http.setDefaultCredentialsProvider(credentials);
                  }
                  if (settings.caCertificate() != null) {
                    http.setConnectionManager(
                        PoolingAsyncClientConnectionManagerBuilder.create()
                            .setTlsStrategy(
                                ClientTlsStrategyBuilder.create()
                                    .setSslContext(ClusterTrust.trusting(settings.caCertificate()))
                                    .build())
                            .build());
                  }
                  return http;
                })
            .build();
    this.client = new OpenSearchClient(transport);
  }

  private static int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 9200;
  }

  public OpenSearchClient client() {
    return client;
  }

  public OpenSearchSettings settings() {
    return settings;
  }

  /** The cluster's address, for messages. */
  public String where() {
    return settings.hosts().get(0).toString();
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (IOException e) {
      throw new IndexUnavailableException(
          "Closing the connection to OpenSearch at " + where() + " failed: " + e, null, e);
    }
  }
}
