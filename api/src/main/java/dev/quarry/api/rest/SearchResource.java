package dev.quarry.api.rest;

import dev.quarry.api.catalogue.Role;
import dev.quarry.api.qa.QuestionAnswering;
import dev.quarry.api.qa.QuestionAnswering.SearchResponse;
import dev.quarry.api.security.Access;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Hybrid search in one knowledge base, with each passage's BM25 and dense scores. */
@Authenticated
@Path("/api/kbs/{kb}/search")
public class SearchResource {

  @Inject Access access;
  @Inject QuestionAnswering qa;

  /** {@code {"query","k","filters":{"field":["value",...]}}}. */
  public record SearchBody(String query, Integer k, Map<String, List<String>> filters) {}

  @POST
  @Operation(summary = "Hybrid BM25 + dense search")
  public SearchResponse search(@PathParam("kb") String kbId, SearchBody body) {
    access.require(kbId, Role.READER);
    SearchBody b = body == null ? new SearchBody(null, null, null) : body;
    return qa.search(kbId, b.query(), b.k(), b.filters());
  }
}
