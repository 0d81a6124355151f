package dev.quarry.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.qa.AskResult;
import dev.quarry.api.qa.QuestionAnswering;
import dev.quarry.api.security.Access;
import dev.quarry.api.security.Caller;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * OpenAI-compatible chat completions, so existing OpenAI clients get grounded, cited answers:
 * {@code model} names a knowledge base (its id, or its name), the last user message is the
 * question. The message content is the answer followed by its numbered sources; Quarry's own {@code
 * citations} ride along.
 */
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

  @Inject Access access;
  @Inject QuestionAnswering qa;
  @Inject ObjectMapper json;

  /** The parts of an OpenAI chat request Quarry uses. */
  public record ChatRequest(String model, List<Message> messages, Boolean stream) {}

  public record Message(String role, String content) {}

  @POST
  @Operation(summary = "OpenAI-compatible chat completion over a knowledge base")
  public Response complete(ChatRequest body) {
    if (body == null || body.model() == null || body.messages() == null) {
      throw ApiException.badRequest(
          "Send an OpenAI chat request: {\"model\":\"<knowledge base>\",\"messages\":[...]}.");
    }
    KnowledgeBase kb = resolve(body.model());
    String question =
        body.messages().stream()
            .filter(m -> "user".equals(m.role()) && m.content() != null)
            .reduce((a, b) -> b)
            .map(Message::content)
            .orElseThrow(() -> ApiException.badRequest("The request has no user message."));
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = Instant.now().getEpochSecond();
    if (!Boolean.TRUE.equals(body.stream())) {
      AskResult r =
          qa.ask(kb.id, question, null, TokenStreamListener.NONE, new CancellationSignal());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", id);
      out.put("object", "chat.completion");
      out.put("created", created);
      out.put("model", body.model());
      out.put(
          "choices",
          List.of(
              Map.of(
                  "index",
                  0,
                  "message",
                  Map.of("role", "assistant", "content", r.answer() + sources(r)),
                  "finish_reason",
                  "stop")));
      out.put(
          "usage",
          Map.of(
              "prompt_tokens", r.usage().promptTokens(),
              "completion_tokens", r.usage().answerTokens(),
              "total_tokens", r.usage().promptTokens() + r.usage().answerTokens()));
      out.put("citations", r.citations());
      return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
    }
    StreamingOutput stream =
        output -> {
          CancellationSignal cancel = new CancellationSignal();
          StringBuilder streamed = new StringBuilder();
          TokenStreamListener listener =
              delta -> {
                streamed.append(delta);
                try {
                  write(output, chunk(id, created, body.model(), Map.of("content", delta), null));
                } catch (IOException e) {
                  cancel.cancel(); // the client went away
                }
              };
          AskResult r = qa.ask(kb.id, question, null, listener, cancel);
          String tail = r.answer().contentEquals(streamed) ? "" : "\n\n" + r.answer();
          write(
              output,
              chunk(id, created, body.model(), Map.of("content", tail + sources(r)), "stop"));
          output.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
          output.flush();
        };
    return Response.ok(stream, MediaType.SERVER_SENT_EVENTS_TYPE).build();
  }

  private KnowledgeBase resolve(String model) {
    Caller caller = access.caller();
    KnowledgeBase byId = KnowledgeBase.findById(model);
    if (byId != null && caller.roleIn(byId.id) != null) {
      return access.require(byId.id, Role.READER);
    }
    List<KnowledgeBase> named = KnowledgeBase.list("name", model);
    for (KnowledgeBase kb : named) {
      if (caller.roleIn(kb.id) != null) {
        return access.require(kb.id, Role.READER);
      }
    }
    throw ApiException.notFound(
        "No knowledge base '" + model + "' (or your key has no access to it); 'model' names one.");
  }

  private Map<String, Object> chunk(
      String id, long created, String model, Map<String, String> delta, String finish) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("finish_reason", finish);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("object", "chat.completion.chunk");
    out.put("created", created);
    out.put("model", model);
    out.put("choices", List.of(choice));
    return out;
  }

  private void write(OutputStream output, Map<String, Object> event) throws IOException {
    try {
      output.write(
          ("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
      output.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sources(AskResult r) {
    if (r.citations().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\n\nSources:");
    for (AskResult.CitationView c : r.citations()) {
      sb.append("\n[").append(c.n()).append("] ").append(c.documentName());
      if (!c.headingPath().isEmpty()) {
        sb.append(" — ").append(String.join(" › ", c.headingPath()));
      }
    }
    return sb.toString();
  }
}
