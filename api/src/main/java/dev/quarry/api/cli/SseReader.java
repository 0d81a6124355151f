package dev.quarry.api.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} as the HTML specification's event-stream interpretation does:
 * lines end with CR, LF or CRLF; a line starting with {@code :} is a comment; a field's value is
 * what follows its first colon, less exactly one leading space; {@code data} lines of one event are
 * joined with {@code "\n"}; a blank line dispatches the event (none when it has no data), and an
 * event the stream ends before dispatching is dropped. {@code id} and {@code retry} are ignored:
 * the CLI does not resume a stream where it broke off.
 */
final class SseReader {

  /** One dispatched event: its type ({@code message} unless named) and its data. */
  record Event(String type, String data) {}

  private static final String DEFAULT_TYPE = "message";

  private SseReader() {}

  /**
   * Reads {@code stream} to its end, handing each event to {@code onEvent} as it is dispatched.
   *
   * @throws IOException if reading fails
   */
  static void read(Reader stream, Consumer<Event> onEvent) throws IOException {
    read(stream, onEvent, comment -> {});
  }

  /**
   * As {@link #read(Reader, Consumer)}, and hands each comment's text (what follows the colon, less
   * one leading space) to {@code onComment}: Quarry's event streams say {@code connected} once they
   * are subscribed.
   */
  static void read(Reader stream, Consumer<Event> onEvent, Consumer<String> onComment)
      throws IOException {
    BufferedReader in = new BufferedReader(stream);
    String type = DEFAULT_TYPE;
    StringBuilder data = new StringBuilder();
    boolean hasData = false;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty()) {
        if (hasData) {
          onEvent.accept(new Event(type, data.toString()));
        }
        type = DEFAULT_TYPE;
        data.setLength(0);
        hasData = false;
        continue;
      }
      if (line.startsWith(":")) {
        String comment = line.substring(1);
        onComment.accept(comment.startsWith(" ") ? comment.substring(1) : comment);
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        type = value.isEmpty() ? DEFAULT_TYPE : value;
      } else if (field.equals("data")) {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
    }
  }
}
