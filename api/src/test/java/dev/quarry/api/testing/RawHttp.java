package dev.quarry.api.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket, written as slowly as a test wants: the head at once,
 * the body byte by byte or never. For tests of what the server does before a body has arrived.
 */
public final class RawHttp implements AutoCloseable {

  /** A response head: its status and headers (names in lower case). */
  public record Head(int status, Map<String, String> headers) {}

  public static final String BOUNDARY = "quarry-test-boundary";

  private final Socket socket;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /**
   * Opens a connection and sends a request head.
   *
   * @param contentLength the declared body length, or -1 for a chunked body
   */
  public static RawHttp open(
      URL base, String method, String path, String key, String contentType, long contentLength)
      throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    RawHttp http = new RawHttp(socket);
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: ")
            .append(base.getHost())
            .append(':')
            .append(base.getPort())
            .append("\r\nAuthorization: Bearer ")
            .append(key)
            .append("\r\nContent-Type: ")
            .append(contentType)
            .append("\r\n");
    head.append(
        contentLength < 0
            ? "Transfer-Encoding: chunked\r\n"
            : "Content-Length: " + contentLength + "\r\n");
    head.append("\r\n");
    http.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    http.out.flush();
    return http;
  }

  /** The start of a multipart body with one file part, as a browser sends it. */
  public static byte[] multipartStart(String fileName) {
    return ("--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: text/plain\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  public static String multipartType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends bytes as one chunk of a chunked body. */
  public void sendChunk(byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * Reads the response head.
   *
   * @throws java.net.SocketTimeoutException when none arrives within {@code timeout}
   */
  public Head readHead(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/")) {
      throw new IOException("no HTTP response, got: " + statusLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
    }
    return new Head(Integer.parseInt(statusLine.split(" ")[1]), headers);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      if (b == '\n') {
        String s = buf.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test connection: nothing to do
    }
  }
}
