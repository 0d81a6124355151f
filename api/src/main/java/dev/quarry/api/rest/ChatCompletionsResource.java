package dev.quarry.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.ApiException;
import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.engine.Answers;
import dev.quarry.api.qa.AskResult;
import dev.quarry.api.qa.QuestionAnswering;
import dev.quarry.api.security.Access;
import dev.quarry.api.security.Caller;
import dev.quarry.generator.conversation.PriorTurn;
import dev.quarry.generator.conversation.StandaloneQuery;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.tokenizer.ChatMessage;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * OpenAI-compatible chat completions, so existing OpenAI clients get grounded, cited answers:
 * {@code model} names a knowledge base (its id, or its name), the last user message is the question
 * (its {@code content} a string, or an array of {@code text} parts). The earlier user and assistant
 * messages are the conversation it follows: as in a stored conversation, a follow-up is rewritten
 * into a standalone query before retrieval ({@link Answers#rewriter()}; the earlier questions'
 * queries are replayed with the contextualiser). The message content is the answer followed by its
 * numbered sources; Quarry's own {@code mode}, {@code abstention}, {@code citations} and {@code
 * query} (what retrieval used) ride along.
 *
 * <p>Streaming never sends text the grounding check then rejects: the answer is generated and
 * judged whole first (while it is written, SSE comments keep the connection alive and show whether
 * the client is still there; one that has gone stops the generation), then sent as chunks. The
 * frames are OpenAI's ({@code data: {json}}, then {@code data: [DONE]}), written here rather than
 * by Quarkus' SSE writer, which leaves out the space after {@code data:} that OpenAI clients split
 * on.
 */
@Authenticated
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

  /** Characters per streamed content chunk. */
  static final int CHUNK_CHARS = 48;

  @Inject Access access;
  @Inject QuestionAnswering qa;
  @Inject ObjectMapper json;
  @Inject Answers answers;
  @Inject QuarryConfig config;

  /** The parts of an OpenAI chat request Quarry uses. */
  public record ChatRequest(String model, List<Message> messages, Boolean stream) {}

  /** A message; {@code content} is a string or an array of {@code {"type":"text","text":…}}. */
  public record Message(String role, JsonNode content) {}

  /** A whole completion. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Completion(
      String id,
      String object,
      long created,
      String model,
      List<Choice> choices,
      Usage usage,
      String mode,
      AskResult.Abstention abstention,
      List<AskResult.CitationView> citations,
      String query) {}

  public record Choice(int index, OutMessage message, String finish_reason) {}

  public record OutMessage(String role, String content) {}

  public record Usage(int prompt_tokens, int completion_tokens, int total_tokens) {}

  /** One streamed chunk; the last carries Quarry's fields. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Chunk(
      String id,
      String object,
      long created,
      String model,
      List<ChunkChoice> choices,
      String mode,
      AskResult.Abstention abstention,
      List<AskResult.CitationView> citations,
      String query) {}

  public record ChunkChoice(int index, Delta delta, String finish_reason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(String role, String content) {}

  @POST
  @Operation(summary = "OpenAI-compatible chat completion over a knowledge base")
  public Response complete(ChatRequest body, @Context HttpServerResponse response) {
    if (body == null || body.model() == null || body.messages() == null) {
      throw ApiException.badRequest(
          "Send an OpenAI chat request: {\"model\":\"<knowledge base>\",\"messages\":[...]}.");
    }
    KnowledgeBase kb = resolve(body.model());
    List<ChatMessage> dialogue = dialogue(body.messages());
    String question = dialogue.get(dialogue.size() - 1).content();
    qa.validate(question, null);
    StandaloneQuery standalone =
        answers.rewriter().rewrite(history(dialogue.subList(0, dialogue.size() - 1)), question);
    if (standalone.text().length() > config.limits().maxQueryChars()) {
      standalone = StandaloneQuery.unchanged(question);
    }
    StandaloneQuery query = standalone;
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = Instant.now().getEpochSecond();
    if (!Boolean.TRUE.equals(body.stream())) {
      AskResult r =
          qa.ask(
              kb.id,
              query.text(),
              null,
              null,
              TokenStreamListener.NONE,
              new CancellationSignal(response::closed));
      Completion out =
          new Completion(
              id,
              "chat.completion",
              created,
              body.model(),
              List.of(new Choice(0, new OutMessage("assistant", r.answer() + sources(r)), "stop")),
              new Usage(
                  r.usage().promptTokens(),
                  r.usage().answerTokens(),
                  r.usage().promptTokens() + r.usage().answerTokens()),
              r.mode(),
              r.abstention(),
              r.citations(),
              query.text());
      return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
    }
    StreamingOutput stream =
        output -> {
          CancellationSignal cancel = new CancellationSignal(response::closed);
          write(output, chunk(id, created, body.model(), new Delta("assistant", null), null));
          TokenStreamListener alive =
              delta -> {
                if (response.closed()) {
                  cancel.cancel(); // the client went away: stop before the next step
                  return;
                }
                try {
                  output.write(": generating\n\n".getBytes(StandardCharsets.UTF_8));
                  output.flush();
                } catch (IOException e) {
                  cancel.cancel(); // the client went away
                }
              };
          AskResult r = qa.ask(kb.id, query.text(), null, null, alive, cancel);
          if (cancel.isCancelled()) {
            return;
          }
          String content = r.answer() + sources(r);
          for (int i = 0; i < content.length(); i += CHUNK_CHARS) {
            String part = content.substring(i, Math.min(content.length(), i + CHUNK_CHARS));
            write(output, chunk(id, created, body.model(), new Delta(null, part), null));
          }
          write(
              output,
              new Chunk(
                  id,
                  "chat.completion.chunk",
                  created,
                  body.model(),
                  List.of(new ChunkChoice(0, new Delta(null, null), "stop")),
                  r.mode(),
                  r.abstention(),
                  r.citations(),
                  query.text()));
          output.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
          output.flush();
        };
    return Response.ok(stream, MediaType.SERVER_SENT_EVENTS_TYPE).build();
  }

  /**
   * The user and assistant messages with text, in order, ending with the last user message (the
   * question); system messages and what follows the question are left out.
   *
   * @throws ApiException 400 when there is no user message, or a message is not an object
   */
  private static List<ChatMessage> dialogue(List<Message> messages) {
    List<ChatMessage> dialogue = new ArrayList<>();
    int lastUser = -1;
    for (Message m : messages) {
      if (m == null) {
        throw ApiException.badRequest("Every entry of 'messages' must be an object.");
      }
      boolean user = "user".equals(m.role());
      if (user || "assistant".equals(m.role())) {
        String text = text(m.content());
        if (text != null) {
          dialogue.add(new ChatMessage(m.role(), text));
          if (user) {
            lastUser = dialogue.size() - 1;
          }
        }
      }
    }
    if (lastUser < 0) {
      throw ApiException.badRequest("The request has no user message with text.");
    }
    return dialogue.subList(0, lastUser + 1);
  }

  /**
   * The turns before the question: each user message with the assistant's reply to it, and the
   * query the contextualiser makes of it (a chain of follow-ups keeps its subject).
   */
  private List<PriorTurn> history(List<ChatMessage> before) {
    List<PriorTurn> turns = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      ChatMessage m = before.get(i);
      if (!"user".equals(m.role()) || m.content().isBlank()) {
        continue;
      }
      String reply =
          i + 1 < before.size() && "assistant".equals(before.get(i + 1).role())
              ? before.get(i + 1).content()
              : "";
      String query = answers.contextualiser().rewrite(turns, m.content()).text();
      turns.add(new PriorTurn(m.content(), query, reply));
    }
    return turns;
  }

  /** A string content, or the text parts of an array content joined by new lines; else null. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          parts.add(part.path("text").asText());
        }
      }
      return parts.isEmpty() ? null : String.join("\n", parts);
    }
    throw ApiException.badRequest(
        "A message's 'content' must be a string or an array of {\"type\":\"text\",\"text\":…}.");
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

  private static Chunk chunk(String id, long created, String model, Delta delta, String finish) {
    return new Chunk(
        id,
        "chat.completion.chunk",
        created,
        model,
        List.of(new ChunkChoice(0, Objects.requireNonNull(delta), finish)),
        null,
        null,
        null,
        null);
  }

  private void write(OutputStream output, Object event) throws IOException {
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
