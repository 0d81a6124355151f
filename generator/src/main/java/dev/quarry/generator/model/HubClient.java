package dev.quarry.generator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Talks to a Hugging Face hub (or a mirror at another endpoint): lists a repository's files with
 * the tree API ({@code {endpoint}/api/models/{repo}/tree/{revision}?recursive=true}) and downloads
 * them from {@code {endpoint}/{repo}/resolve/{revision}/{path}}. Downloads resume from a {@code
 * .part} file with an HTTP Range request and are verified (size, and sha256 where the hub gives the
 * LFS object id) before the file is moved into place. Thread-safe.
 */
public final class HubClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER = 1 << 16;

  private final URI endpoint;
  private final HttpClient http;
  private final Optional<String> token;

  /**
   * @param endpoint e.g. {@code https://huggingface.co}
   * @param http the client (the caller names its executor's threads)
   * @param token a hub access token for gated models, if any
   */
  public HubClient(URI endpoint, HttpClient http, Optional<String> token) {
    String base = Objects.requireNonNull(endpoint, "endpoint").toString();
    this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.http = Objects.requireNonNull(http, "http");
    this.token = Objects.requireNonNull(token, "token");
  }

  /**
   * Every file of the repository at {@code revision}.
   *
   * @throws GeneratorException if the hub cannot be reached or does not know the repository
   */
  public List<HubFile> listFiles(String repo, String revision) {
    URI uri =
        URI.create(
            endpoint + "/api/models/" + repo + "/tree/" + encode(revision) + "?recursive=true");
    HttpResponse<String> response =
        send(request(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new GeneratorException(
          "hub answered "
              + response.statusCode()
              + " for "
              + uri
              + "; check the repository id"
              + " and revision (gated models need HF_TOKEN)");
    }
    try {
      List<HubFile> files = new ArrayList<>();
      for (JsonNode node : JSON.readTree(response.body())) {
        if (node.path("type").asText().equals("file")) {
          JsonNode lfs = node.path("lfs");
          String sha = lfs.isObject() ? lfs.path("oid").asText(null) : null;
          files.add(new HubFile(node.path("path").asText(), node.path("size").asLong(), sha));
        }
      }
      return files;
    } catch (IOException e) {
      throw new GeneratorException("hub sent a malformed file list for " + repo, null, e);
    }
  }

  /**
   * Downloads one file to {@code target}, resuming {@code target + ".part"} if it exists.
   *
   * @throws GeneratorException if the download fails or the file does not verify (the partial file
   *     is then deleted, so the next try starts clean)
   */
  public void download(
      String repo, String revision, HubFile file, Path target, DownloadProgress progress) {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      Files.createDirectories(target.getParent());
      long have = Files.exists(part) ? Files.size(part) : 0;
      if (have > file.size()) {
        Files.delete(part);
        have = 0;
      }
      if (have < file.size()) {
        fetch(repo, revision, file, part, have, progress);
      }
      verify(file, part);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GeneratorException(
          "cannot write " + file.path() + ": " + e.getMessage(), target, e);
    }
  }

  private void fetch(
      String repo, String revision, HubFile file, Path part, long have, DownloadProgress progress)
      throws IOException {
    URI uri =
        URI.create(endpoint + "/" + repo + "/resolve/" + encode(revision) + "/" + file.path());
    HttpRequest.Builder request = request(uri);
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response =
        send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    if (status != 200 && status != 206) {
      response.body().close();
      throw new GeneratorException("hub answered " + status + " for " + uri);
    }
    boolean append = status == 206; // a server that ignores Range sends the whole file: restart
    long done = append ? have : 0;
    try (InputStream in = response.body();
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        done += n;
        progress.update(file, done, file.size());
      }
    }
  }

  private static void verify(HubFile file, Path part) throws IOException {
    long size = Files.size(part);
    String problem = null;
    if (size != file.size()) {
      problem = "has " + size + " bytes, the hub says " + file.size();
    } else if (file.sha256Hex().isPresent()) {
      String actual = sha256(part);
      if (!actual.equalsIgnoreCase(file.sha256Hex().get())) {
        problem = "has sha256 " + actual + ", the hub says " + file.sha256Hex().get();
      }
    }
    if (problem != null) {
      Files.deleteIfExists(part);
      throw new GeneratorException(
          "download of " + file.path() + " is corrupt: it " + problem + "; pull again", part);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new GeneratorException(
          "cannot reach " + request.uri() + ": " + e.getMessage(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GeneratorException("interrupted while downloading " + request.uri(), null, e);
    }
  }

  private static String encode(String revision) {
    return URLEncoder.encode(revision, StandardCharsets.UTF_8);
  }
}
