package dev.quarry.api.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quarry.retriever.embed.EmbeddingModelInfo;
import dev.quarry.retriever.embed.EmbeddingModels;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The embedding models a knowledge base may use: those bundled in the jar. */
@Authenticated
@Path("/api/embedding-models")
public class EmbeddingModelResource {

  @Inject EmbeddingModels models;

  /**
   * One embedding model.
   *
   * @param name the stable name a knowledge base's {@code embeddingModel} takes
   * @param dimension the length of its vectors
   * @param maxTokens its window in tokens, special tokens included: {@code chunkTokens} may be at
   *     most 2 less
   * @param isDefault whether knowledge bases created without a model get it
   */
  public record EmbeddingModelView(
      String name, int dimension, int maxTokens, @JsonProperty("default") boolean isDefault) {

    static EmbeddingModelView of(EmbeddingModelInfo info, String defaultName) {
      return new EmbeddingModelView(
          info.name(), info.dimension(), info.maxTokens(), info.name().equals(defaultName));
    }
  }

  @GET
  @Operation(summary = "The embedding models a knowledge base may use")
  public List<EmbeddingModelView> list() {
    return models.names().stream()
        .map(n -> EmbeddingModelView.of(models.info(n).orElseThrow(), models.defaultName()))
        .toList();
  }
}
