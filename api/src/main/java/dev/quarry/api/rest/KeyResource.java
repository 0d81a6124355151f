package dev.quarry.api.rest;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.ApiKey;
import dev.quarry.api.catalogue.Conversation;
import dev.quarry.api.catalogue.ConversationTurn;
import dev.quarry.api.catalogue.Role;
import dev.quarry.api.security.Access;
import dev.quarry.api.security.Keys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** API keys of a knowledge base; managed by its admins (and the admin key). */
@Authenticated
@Path("/api/keys")
public class KeyResource {

  @Inject Access access;

  /** {@code {"kb","role"}}. */
  public record CreateKey(String kb, String role) {}

  /** A created key: the only time the key itself is shown. */
  public record NewKey(String id, String kb, String role, String key) {}

  /** A stored key, without the key. */
  public record KeyView(String id, String kb, String role, Instant createdAt) {}

  @POST
  @Operation(summary = "Create a key with a role in one knowledge base; shown once")
  public Response create(CreateKey body) {
    if (body == null || body.kb() == null || body.role() == null) {
      throw ApiException.badRequest(
          "Say which knowledge base and role: {\"kb\":\"<id>\",\"role\":\"reader|writer|admin\"}.");
    }
    access.require(body.kb(), Role.ADMIN);
    Role role = parse(body.role());
    String key = Keys.newKey();
    ApiKey stored =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ApiKey k = new ApiKey();
                  k.id = UUID.randomUUID().toString();
                  k.kbId = body.kb();
                  k.role = role;
                  k.keyHash = Keys.hash(key);
                  k.createdAt = Instant.now();
                  k.persist();
                  return k;
                });
    return Response.status(201)
        .entity(new NewKey(stored.id, stored.kbId, lower(role), key))
        .build();
  }

  @GET
  @Operation(summary = "Keys of a knowledge base (without the keys themselves)")
  public List<KeyView> list(@QueryParam("kb") String kbId) {
    access.require(kbId, Role.ADMIN);
    return ApiKey.<ApiKey>list("kbId", kbId).stream()
        .map(k -> new KeyView(k.id, k.kbId, lower(k.role), k.createdAt))
        .toList();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke a key; its conversations are deleted with it")
  public Response delete(@PathParam("id") String id) {
    ApiKey key = ApiKey.findById(id);
    // A key of a knowledge base the caller has no role in does not exist for it, and the answer
    // must not name that knowledge base.
    if (key == null || access.caller().roleIn(key.kbId) == null) {
      throw ApiException.notFound("No key '" + id + "'.");
    }
    access.require(key.kbId, Role.ADMIN);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              // its conversations go with it: no other key may read them
              ConversationTurn.delete(
                  "key.conversationId in (select c.id from Conversation c where c.owner = ?1)", id);
              Conversation.delete("owner", id);
              ApiKey.deleteById(id);
            });
    return Response.noContent().build();
  }

  private static Role parse(String role) {
    try {
      return Role.valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Unknown role '" + role + "': use reader, writer or admin.");
    }
  }

  private static String lower(Role r) {
    return r.name().toLowerCase(Locale.ROOT);
  }
}
