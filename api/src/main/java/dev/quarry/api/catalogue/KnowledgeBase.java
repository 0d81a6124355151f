package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A knowledge base: a named set of documents with its own Lucene index. */
@Entity
@Table(name = "knowledge_base")
public class KnowledgeBase extends PanacheEntityBase {

  /** 32 hex characters; also the name of its index directory. */
  @Id public String id;

  public String name;

  @Column(name = "chunk_tokens")
  public int chunkTokens;

  @Column(name = "chunk_overlap")
  public int chunkOverlap;

  /**
   * The stable name of the embedding model its documents are embedded with. During a re-index it is
   * the model of the generation being built; searches use the live generation's own model.
   */
  @Column(name = "embedding_model")
  public String embeddingModel;

  @Enumerated(EnumType.STRING)
  public KnowledgeBaseState state;

  /** The index generation searches use: 0 is the directory named {@link #id}, N is "id-gN". */
  public int generation;

  /** The generation a re-index is building (every document from its blob), or null when none. */
  @Column(name = "next_generation")
  public Integer nextGeneration;

  @Column(name = "created_at")
  public Instant createdAt;

  /** Whether it serves requests (not being deleted). */
  public boolean isActive() {
    return state == KnowledgeBaseState.ACTIVE;
  }

  /** The knowledge base when it exists and is not being deleted. */
  public static Optional<KnowledgeBase> findActive(String id) {
    return KnowledgeBase.<KnowledgeBase>findByIdOptional(id).filter(KnowledgeBase::isActive);
  }
}
