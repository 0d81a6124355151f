package dev.quarry.retriever.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarry.opensearch.ca-certificate}: a cluster behind TLS with a certificate the JVM does
 * not know (as OpenSearch's security plugin makes them) is reached when its certificate is given as
 * a PEM file, and refused when it is not. The cluster here is an HTTPS server with a self-signed
 * certificate that {@code keytool} makes at test time.
 */
class ClusterTrustTest {

  private static final String PASSWORD = "changeit";

  @TempDir Path tmp;

  private HttpsServer server;
  private Path pem;

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
          exchange.sendResponseHeaders(200, -1); // what a node answers to HEAD /
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
