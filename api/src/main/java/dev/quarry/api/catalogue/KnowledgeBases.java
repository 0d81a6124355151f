package dev.quarry.api.catalogue;

import dev.quarry.api.ApiException;
import dev.quarry.api.engine.Pipelines;
import dev.quarry.api.storage.BlobStore;
import dev.quarry.ingestion.chunk.ChunkingSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates, renames, re-configures and deletes knowledge bases (catalogue rows and index). */
@ApplicationScoped
public class KnowledgeBases {

  @Inject Pipelines pipelines;
  @Inject BlobStore blobs;

  public long count() {
    return QuarkusTransaction.requiringNew().call(() -> KnowledgeBase.count());
  }

  public KnowledgeBase create(String name) {
    String clean = requireName(name);
    KnowledgeBase kb =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  KnowledgeBase k = new KnowledgeBase();
                  k.id = UUID.randomUUID().toString().replace("-", "");
                  k.name = clean;
                  k.chunkTokens = ChunkingSettings.DEFAULT_TARGET_TOKENS;
                  k.chunkOverlap = ChunkingSettings.DEFAULT_OVERLAP_TOKENS;
                  k.createdAt = Instant.now();
                  k.persist();
                  return k;
                });
    pipelines.index(kb.id); // creates the empty index now, so a search finds it at once
    return kb;
  }

  /**
   * Renames and/or changes chunking; new chunk settings apply to documents ingested from now on.
   *
   * @throws ApiException 400 for a blank name or chunk settings out of range
   */
  public KnowledgeBase update(String kbId, String name, Integer chunkTokens, Integer chunkOverlap) {
    KnowledgeBase kb =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  KnowledgeBase k = KnowledgeBase.findById(kbId);
                  if (name != null) {
                    k.name = requireName(name);
                  }
                  int tokens = chunkTokens == null ? k.chunkTokens : chunkTokens;
                  int overlap = chunkOverlap == null ? k.chunkOverlap : chunkOverlap;
                  try {
                    new ChunkingSettings(tokens, overlap);
                  } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("Invalid chunking: " + e.getMessage() + ".");
                  }
                  k.chunkTokens = tokens;
                  k.chunkOverlap = overlap;
                  return k;
                });
    pipelines.forget(kbId);
    return kb;
  }

  /** Deletes the knowledge base, its documents, jobs and keys, its index, and unused blobs. */
  public void delete(String kbId) {
    List<String> shas =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  List<String> ids =
                      Document.<Document>list("kbId", kbId).stream().map(d -> d.id).toList();
                  List<String> hashes =
                      ids.isEmpty()
                          ? List.<String>of()
                          : DocumentVersion.<DocumentVersion>list("key.documentId in ?1", ids)
                              .stream()
                              .map(v -> v.sha256)
                              .distinct()
                              .toList();
                  if (!ids.isEmpty()) {
                    DocumentVersion.delete("key.documentId in ?1", ids);
                  }
                  IngestionJob.delete("kbId", kbId);
                  Document.delete("kbId", kbId);
                  ApiKey.delete("kbId", kbId);
                  KnowledgeBase.deleteById(kbId);
                  return hashes;
                });
    pipelines.drop(kbId);
    for (String sha : shas) {
      if (!QuarkusTransaction.requiringNew().call(() -> DocumentVersion.blobInUse(sha))) {
        blobs.delete(sha);
      }
    }
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("A knowledge base needs a name, e.g. {\"name\":\"Handbook\"}.");
    }
    String clean = name.strip();
    if (clean.length() > 200) {
      throw ApiException.badRequest("The name is longer than 200 characters.");
    }
    return clean;
  }
}
