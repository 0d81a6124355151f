package dev.quarry.api.cli;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} upload body of {@code file} parts, as the documents endpoint takes
 * it. Parts are streamed: a file part reads its file only while the request is sent.
 */
public final class MultipartBody {

  private final String boundary = "quarry-" + UUID.randomUUID();
  private final List<BodyPublisher> parts = new ArrayList<>();

  /** Adds one file; quotes and line breaks in the name cannot break the part's header. */
  public MultipartBody file(String fileName, BodyPublisher content) {
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName.replace("\"", "%22").replace("\r", "").replace("\n", "")
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    parts.add(BodyPublishers.ofString(head, StandardCharsets.UTF_8));
    parts.add(content);
    parts.add(BodyPublishers.ofString("\r\n"));
    return this;
  }

  /** The request's {@code Content-Type} header value. */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The whole body, closing boundary included. */
  public BodyPublisher publisher() {
    List<BodyPublisher> all = new ArrayList<>(parts);
    all.add(BodyPublishers.ofString("--" + boundary + "--\r\n"));
    return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
  }
}
