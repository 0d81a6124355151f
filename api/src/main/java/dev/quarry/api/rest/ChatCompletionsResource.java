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
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

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
 * <p>Both replies are a Mutiny stream ({@link RestMulti}), since the body's {@code stream} flag,
 * not the path or the {@code Accept} header, picks one: a single JSON item typed {@code
 * application/json}, or {@link ChatCompletionChunks}' frames typed {@code text/event-stream}, run
 * by {@link AnswerStreams} like every other streamed answer. Streaming never sends text the
 * grounding check then rejects: the answer is generated and judged whole first, then sent as
 * chunks.
 */
@Authenticated
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

  @Inject Access access;
  @Inject QuestionAnswering qa;
  @Inject ObjectMapper json;
  @Inject Answers answers;
  @Inject QuarryConfig config;
  @Inject AnswerStreams streams;

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

  @POST
  @Blocking // resolving the model and the answer read the catalogue
  // no @Produces: the body's "stream" flag, not the Accept header, picks the reply's type
  @Operation(summary = "OpenAI-compatible chat completion over a knowledge base")
  @APIResponse(
      responseCode = "200",
      description = "A completion as JSON, or with \"stream\": true OpenAI's chunk events",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Completion.class)),
        @Content(mediaType = MediaType.SERVER_SENT_EVENTS)
      })
  public RestMulti<Buffer> complete(ChatRequest body, @Context HttpServerResponse response) {
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
    String query = standalone.text();
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = Instant.now().getEpochSecond();
    if (!Boolean.TRUE.equals(body.stream())) {
      AskResult r =
          qa.ask(
              kb.id,
              query,
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
              List.of(new Choice(0, new OutMessage("assistant", content(r)), "stop")),
              new Usage(
                  r.usage().promptTokens(),
                  r.usage().answerTokens(),
                  r.usage().promptTokens() + r.usage().answerTokens()),
              r.mode(),
              r.abstention(),
              r.citations(),
              query);
      return RestMulti.fromMultiData(Multi.createFrom().item(Buffer.buffer(serialised(out))))
          .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
          .build();
    }
    Multi<Buffer> frames =
        streams.stream(
                kb.id,
                response,
                (listener, cancel) -> {
                  AskResult r = qa.ask(kb.id, query, null, null, listener, cancel);
                  return new ChatCompletionChunks.Answered(r, content(r), query);
                },
                new ChatCompletionChunks(json, id, created, body.model()))
            .map(Buffer::buffer);
    return RestMulti.fromMultiData(frames)
        .header(HttpHeaders.CONTENT_TYPE, MediaType.SERVER_SENT_EVENTS)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .build();
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

  private String serialised(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  /** The message content: the answer, then its numbered sources. */
  private static String content(AskResult r) {
    return r.answer() + sources(r);
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
