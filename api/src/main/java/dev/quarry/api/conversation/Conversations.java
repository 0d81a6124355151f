package dev.quarry.api.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.ApiException;
import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.Conversation;
import dev.quarry.api.catalogue.ConversationTurn;
import dev.quarry.api.engine.Answers;
import dev.quarry.api.qa.AskResult;
import dev.quarry.api.qa.QuestionAnswering;
import dev.quarry.api.security.Caller;
import dev.quarry.generator.conversation.PriorTurn;
import dev.quarry.generator.conversation.StandaloneQuery;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.TokenStreamListener;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A key's conversations with a knowledge base. A conversation belongs to the key that created it
 * (the admin key's to {@link Conversation#ADMIN_OWNER}): to every other key, admin keys of the same
 * knowledge base included, it does not exist (404). The caller's access to the knowledge base is
 * checked by the resource first.
 *
 * <p>A question in a conversation:
 *
 * <ol>
 *   <li>is checked as a single question is (blank, too long, k) and its conversation found ({@link
 *       #prepare});
 *   <li>is rewritten into a standalone query from the earlier turns ({@link Answers#rewriter()});
 *   <li>is answered from that query ({@link QuestionAnswering#ask});
 *   <li>is stored with its query and answer as the conversation's next turn, unless it was
 *       cancelled ({@link #answer}).
 * </ol>
 */
@ApplicationScoped
public class Conversations {

  /** The title of a conversation created without one, until its first question names it. */
  public static final String DEFAULT_TITLE = "New conversation";

  /** Longest title, in characters. */
  public static final int MAX_TITLE_CHARS = 200;

  /** Characters of the first question that become the title of an untitled conversation. */
  static final int AUTO_TITLE_CHARS = 80;

  @Inject QuestionAnswering qa;
  @Inject Answers answers;
  @Inject QuarryConfig config;
  @Inject ObjectMapper json;

  /**
   * @throws ApiException 400 for a title that is too long
   */
  public ConversationView create(Caller caller, String kbId, String title) {
    String clean = title == null || title.isBlank() ? DEFAULT_TITLE : checkTitle(title);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Conversation c = new Conversation();
              c.id = UUID.randomUUID().toString();
              c.kbId = kbId;
              c.owner = owner(caller);
              c.title = clean;
              c.turnCount = 0;
              c.createdAt = Instant.now();
              c.updatedAt = c.createdAt;
              c.persist();
              return ConversationView.of(c);
            });
  }

  /** The caller's conversations in the knowledge base, the most recently used first. */
  public List<ConversationView> list(Caller caller, String kbId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Conversation.<Conversation>list(
                        "kbId = ?1 and owner = ?2 order by updatedAt desc, createdAt desc",
                        kbId,
                        owner(caller))
                    .stream()
                    .map(ConversationView::of)
                    .toList());
  }

  /**
   * @throws ApiException 404 when the caller has no such conversation in the knowledge base
   */
  public ConversationDetail get(Caller caller, String kbId, String id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Conversation c = owned(caller, kbId, id, LockModeType.NONE);
              List<ConversationDetail.TurnView> turns =
                  turns(id).stream()
                      .map(
                          t ->
                              new ConversationDetail.TurnView(
                                  t.key.position,
                                  t.question,
                                  t.query,
                                  t.rewrite.toLowerCase(Locale.ROOT),
                                  readJson(t.result),
                                  t.createdAt))
                      .toList();
              return new ConversationDetail(c.id, c.kbId, c.title, c.createdAt, c.updatedAt, turns);
            });
  }

  /**
   * @throws ApiException 400 for a blank or too long title; 404 when the caller has no such
   *     conversation
   */
  public ConversationView rename(Caller caller, String kbId, String id, String title) {
    if (title == null || title.isBlank()) {
      throw ApiException.badRequest(
          "Give the conversation a title: {\"title\":\"…\"} with some text.");
    }
    String clean = checkTitle(title);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Conversation c = owned(caller, kbId, id, LockModeType.PESSIMISTIC_WRITE);
              c.title = clean;
              c.updatedAt = Instant.now();
              return ConversationView.of(c);
            });
  }

  /**
   * @throws ApiException 404 when the caller has no such conversation
   */
  public void delete(Caller caller, String kbId, String id) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              owned(caller, kbId, id, LockModeType.PESSIMISTIC_WRITE);
              ConversationTurn.delete("key.conversationId", id);
              Conversation.deleteById(id);
            });
  }

  /**
   * Checks a question and rewrites it into the query retrieval will use (steps 1 and 2). Nothing
   * has been answered or stored yet: a streamed answer calls this before its stream starts, so bad
   * input still gets a plain problem.
   *
   * @throws ApiException 400 for a blank or too long question or a bad k or threshold; 404 when the
   *     caller has no such conversation
   */
  public PreparedQuestion prepare(
      Caller caller, String kbId, String id, String question, Integer k, Double minEvidence) {
    qa.validate(question, k);
    qa.checkMinEvidence(minEvidence);
    List<PriorTurn> history =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  owned(caller, kbId, id, LockModeType.NONE);
                  return turns(id).stream()
                      .map(t -> new PriorTurn(t.question, t.query, t.answer))
                      .toList();
                });
    StandaloneQuery query = answers.rewriter().rewrite(history, question);
    if (query.text().length() > config.limits().maxQueryChars()) {
      query = StandaloneQuery.unchanged(question); // the question alone still fits the limit
    }
    return new PreparedQuestion(id, question.strip(), query);
  }

  /**
   * Answers a prepared question and stores the turn (steps 3 and 4). A cancelled answer, or one
   * whose conversation was deleted meanwhile, is not stored.
   */
  public AskResult answer(
      String kbId,
      PreparedQuestion prepared,
      Integer k,
      Double minEvidence,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    StandaloneQuery query = prepared.query();
    AskResult result =
        qa.ask(kbId, query.text(), k, minEvidence, listener, cancellation)
            .withQuery(query.text(), query.method());
    if (!cancellation.isCancelled()) {
      store(prepared, result);
    }
    return result;
  }

  private void store(PreparedQuestion prepared, AskResult result) {
    String resultJson = writeJson(result);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Conversation c =
                  Conversation.findById(prepared.conversationId(), LockModeType.PESSIMISTIC_WRITE);
              if (c == null) {
                return; // deleted while the answer was written
              }
              ConversationTurn t = new ConversationTurn();
              t.key = new ConversationTurn.Key(c.id, c.turnCount + 1);
              t.question = prepared.question();
              t.query = prepared.query().text();
              t.rewrite = prepared.query().method().name();
              t.answer = result.answer();
              t.mode = result.mode();
              t.result = resultJson;
              t.createdAt = Instant.now();
              t.persist();
              if (c.turnCount == 0 && DEFAULT_TITLE.equals(c.title)) {
                c.title = autoTitle(prepared.question());
              }
              c.turnCount++;
              c.updatedAt = t.createdAt;
            });
  }

  /** The owner name of the caller's conversations. */
  public static String owner(Caller caller) {
    return caller.admin() ? Conversation.ADMIN_OWNER : caller.keyId();
  }

  private static Conversation owned(Caller caller, String kbId, String id, LockModeType lock) {
    Conversation c = Conversation.findById(id, lock);
    if (c == null || !c.kbId.equals(kbId) || !c.owner.equals(owner(caller))) {
      throw ApiException.notFound(
          "No conversation '" + id + "' in this knowledge base (or it is not yours).");
    }
    return c;
  }

  private static List<ConversationTurn> turns(String id) {
    return ConversationTurn.list("key.conversationId = ?1 order by key.position", id);
  }

  private static String checkTitle(String title) {
    String clean = title.strip();
    if (clean.length() > MAX_TITLE_CHARS) {
      throw ApiException.badRequest(
          "The title is "
              + clean.length()
              + " characters long; the limit is "
              + MAX_TITLE_CHARS
              + ".");
    }
    return clean;
  }

  private static String autoTitle(String question) {
    String oneLine = question.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= AUTO_TITLE_CHARS
        ? oneLine
        : oneLine.substring(0, AUTO_TITLE_CHARS - 1).strip() + "…";
  }

  private String writeJson(AskResult result) {
    try {
      return json.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode readJson(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
