package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

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

  @Column(name = "created_at")
  public Instant createdAt;
}
