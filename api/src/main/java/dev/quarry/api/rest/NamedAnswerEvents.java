package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.Map;

/**
 * Quarry's own answer events (docs/api.md): {@code token} with {@code {"text":…}} as the text
 * grows, then {@code done} with the whole answer as JSON, or {@code error} with a problem.
 */
final class NamedAnswerEvents<R> implements AnswerFrames<R, OutboundSseEvent> {

  private final Sse sse;
  private final ObjectMapper mapper;

  NamedAnswerEvents(Sse sse, ObjectMapper mapper) {
    this.sse = sse;
    this.mapper = mapper;
  }

  @Override
  public List<OutboundSseEvent> opening() {
    return List.of();
  }

  @Override
  public OutboundSseEvent progress(String delta) {
    return event("token", Map.of("text", delta));
  }

  @Override
  public List<OutboundSseEvent> done(R answer) {
    return List.of(event("done", answer));
  }

  @Override
  public OutboundSseEvent error(Problem problem) {
    return event("error", problem);
  }

  private OutboundSseEvent event(String name, Object data) {
    try {
      return sse.newEventBuilder().name(name).data(mapper.writeValueAsString(data)).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + data.getClass(), e);
    }
  }
}
