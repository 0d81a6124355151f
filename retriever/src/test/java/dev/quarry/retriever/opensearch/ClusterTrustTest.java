package dev.quarry.retriever.opensearch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.quarry.retriever.index.ChunkFilter;
import dev.quarry.retriever.opensearch.MultiSearch.Search;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry.opensearch.ca-certificate}: a cluster behind TLS with a certificate the JVM does
 * not know (as OpenSearch's security plugin makes them) is reached when its certificate is given as
 * a PEM file, with its credentials on every request, and refused when it is not. The cluster here
 * is an HTTPS server with a self-signed certificate that {@code keytool} makes at test time.
 */
class ClusterTrustTest {

  private static final String PASSWORD = "changeit";

  @TempDir Path tmp;

  private HttpsServer server;
  private Path pem;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startTlsServer() throws Exception {
    Path keystore = tmp.resolve("node.p12");
    pem = tmp.resolve("node.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "node",
        "-file",
        pem.toString(),
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASSWORD);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(200, -1); // what a node answers to HEAD /
          } else { // a search that finds nothing
            byte[] none = "{\"responses\":[{\"hits\":{\"hits\":[]},\"status\":200}]}".getBytes();
            exchange.sendResponseHeaders(200, none.length);
            exchange.getResponseBody().write(none);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void should_reach_a_cluster_whose_certificate_is_given_as_a_pem_file() throws Exception {
    try (OpenSearchConnection connection =
        new OpenSearchConnection(settings().withCaCertificate(pem))) {
      assertThat(connection.client().ping().value()).isTrue();
    }
  }

  @Test
  void should_send_every_search_with_the_credentials_in_one_round_trip() throws Exception {
    try (OpenSearchConnection connection =
        new OpenSearchConnection(
            settings().withCaCertificate(pem).withCredentials("quarry", "s3cret"))) {
      MultiSearch searches = new MultiSearch(connection.client(), "kb", connection.where());
      for (int i = 0; i < 3; i++) {
        assertThat(searches.run("Searching", List.of(Search.plain(aSearch())))).hasSize(1);
      }
      // sent with the first request, not after the cluster asked for them (which would double
      // every search's round trips)
      String basic = "Basic " + Base64.getEncoder().encodeToString("quarry:s3cret".getBytes(UTF_8));
      assertThat(authorizations).hasSize(3).containsOnly(basic);
    }
  }

  @Test
  void should_refuse_a_cluster_whose_certificate_nobody_vouches_for() {
    try (OpenSearchConnection connection = new OpenSearchConnection(settings())) {
      assertThatThrownBy(() -> connection.client().ping())
          .hasStackTraceContaining("PKIX"); // the JVM's trust store does not know it
    }
  }

  @Test
  void should_name_a_file_that_holds_no_certificate() throws Exception {
    Path notPem = Files.writeString(tmp.resolve("ca.pem"), "not a certificate");
    assertThatThrownBy(() -> new OpenSearchConnection(settings().withCaCertificate(notPem)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(notPem.toString())
        .hasMessageContaining("not a PEM certificate");
  }

  @Test
  void should_refuse_settings_naming_a_missing_file() {
    Path missing = tmp.resolve("missing.pem");
    assertThatThrownBy(() -> settings().withCaCertificate(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  /** A BM25 search body, as a knowledge base search sends it. */
  private static ObjectNode aSearch() {
    return LegQueries.bm25("reactor", ChunkFilter.NONE, 10, false);
  }

  private OpenSearchSettings settings() {
    URI host = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    return OpenSearchSettings.local(host).withHosts(List.of(host));
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    String[] command = new String[args.length + 1];
    command[0] = keytool.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("keytool %s", output).isZero();
  }
}
