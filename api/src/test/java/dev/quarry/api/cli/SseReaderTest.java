package dev.quarry.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.cli.SseReader.Event;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI's event-stream reader against the HTML specification's examples ("Server-sent events",
 * event stream interpretation).
 */
class SseReaderTest {

  @Test
  void should_join_data_lines_with_a_newline_when_an_event_has_several() throws IOException {
    // the specification's second example: "YHOO\n+2\n10"
    assertThat(read("data: YHOO\ndata: +2\ndata: 10\n\n")).containsExactly(message("YHOO\n+2\n10"));
  }

  @Test
  void should_strip_exactly_one_leading_space_when_a_value_has_several() throws IOException {
    assertThat(read("data:  two spaces\n\ndata:none\n\n"))
        .containsExactly(message(" two spaces"), message("none"));
  }

  @Test
  void should_name_the_event_and_reset_the_name_when_the_event_is_dispatched() throws IOException {
    assertThat(read("event: token\ndata: {\"text\":\"a\"}\n\ndata: {}\n\n"))
        .containsExactly(new Event("token", "{\"text\":\"a\"}"), message("{}"));
  }

  @Test
  void should_ignore_comments_ids_and_blocks_without_data_when_reading() throws IOException {
    // the specification's third example, plus a keep-alive comment and an event with no data
    String stream = ": keep-alive\n\nid: 1\n\nevent: ping\n\ndata: first\nid: 2\n\n";

    assertThat(read(stream)).containsExactly(message("first"));
  }

  @Test
  void should_hand_over_each_comment_in_order_when_asked_for_comments() throws IOException {
    List<String> comments = new ArrayList<>();
    List<Event> events = new ArrayList<>();

    SseReader.read(
        new StringReader(": connected\n\n:ping\ndata: x\n\n:  two\n"), events::add, comments::add);

    assertThat(comments).containsExactly("connected", "ping", " two");
    assertThat(events).containsExactly(message("x"));
  }

  @Test
  void should_keep_an_empty_data_line_when_it_is_the_whole_data() throws IOException {
    // the specification's fourth example: "data" and "data:" both give an empty line
    assertThat(read("data\n\ndata\ndata\n\ndata:\n")).containsExactly(message(""), message("\n"));
  }

  @Test
  void should_read_carriage_returns_as_line_ends_when_the_server_sends_them() throws IOException {
    assertThat(read("data: a\r\ndata: b\r\r")).containsExactly(message("a\nb"));
  }

  private static Event message(String data) {
    return new Event("message", data);
  }

  private static List<Event> read(String stream) throws IOException {
    List<Event> events = new ArrayList<>();
    SseReader.read(new StringReader(stream), events::add);
    return events;
  }
}
