package dev.quarry.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.qa.AskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's streamed chat completion, frame by frame: a chunk with the assistant's role, then, once
 * the answer is written and has passed the grounding check, its text in chunks of {@link
 * #CHUNK_CHARS}, a last chunk with {@code finish_reason} and Quarry's own fields, and {@code data:
 * [DONE]}. While the answer is written only SSE comments go out (they keep the connection open and
 * show whether the client is still there), so no text the grounding check then rejects is ever
 * sent. A failure after the start is OpenAI's error object, {@code {"error":{…}}}.
 *
 * <p>The frames are written out whole ({@code data: {json}}, a blank line) rather than by Quarkus'
 * SSE writer, which leaves out the space after {@code data:} that many OpenAI clients split on.
 */
final class ChatCompletionChunks implements AnswerFrames<ChatCompletionChunks.Answered, String> {

  /** Characters per streamed content chunk. */
  static final int CHUNK_CHARS = 48;

  /** The finished answer and the content message made of it (answer and sources). */
  record Answered(AskResult result, String content, String query) {}

  /** One streamed chunk; the last carries Quarry's fields. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Chunk(
      String id,
      String object,
      long created,
      String model,
      List<ChunkChoice> choices,
      String mode,
      AskResult.Abstention abstention,
      List<AskResult.CitationView> citations,
      String query) {}

  record ChunkChoice(int index, Delta delta, String finish_reason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delta(String role, String content) {}

  /** OpenAI's error object, with Quarry's problem type as its {@code type}. */
  record StreamError(String message, String type, int code) {}

  private final ObjectMapper json;
  private final String id;
  private final long created;
  private final String model;

  ChatCompletionChunks(ObjectMapper json, String id, long created, String model) {
    this.json = json;
    this.id = id;
    this.created = created;
    this.model = model;
  }

  @Override
  public List<String> opening() {
    return List.of(data(chunk(new Delta("assistant", null), null)));
  }

  @Override
  public String progress(String delta) {
    return ": generating\n\n";
  }

  @Override
  public List<String> done(Answered answered) {
    List<String> frames = new ArrayList<>();
    String content = answered.content();
    for (int i = 0; i < content.length(); i += CHUNK_CHARS) {
      String part = content.substring(i, Math.min(content.length(), i + CHUNK_CHARS));
      frames.add(data(chunk(new Delta(null, part), null)));
    }
    AskResult r = answered.result();
    frames.add(
        data(
            new Chunk(
                id,
                "chat.completion.chunk",
                created,
                model,
                List.of(new ChunkChoice(0, new Delta(null, null), "stop")),
                r.mode(),
                r.abstention(),
                r.citations(),
                answered.query())));
    frames.add("data: [DONE]\n\n");
    return frames;
  }

  @Override
  public String error(Problem problem) {
    return data(
        Map.of("error", new StreamError(problem.detail(), problem.type(), problem.status())));
  }

  private Chunk chunk(Delta delta, String finish) {
    return new Chunk(
        id,
        "chat.completion.chunk",
        created,
        model,
        List.of(new ChunkChoice(0, delta, finish)),
        null,
        null,
        null,
        null);
  }

  private String data(Object frame) {
    try {
      return "data: " + json.writeValueAsString(frame) + "\n\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + frame.getClass(), e);
    }
  }
}
