package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A document of a knowledge base and the state of its latest version. Its bytes are the blob {@link
 * #sha256}; older versions are {@link DocumentVersion} rows.
 */
@Entity
@Table(name = "document")
public class Document extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "kb_id")
  public String kbId;

  /** The file name as uploaded (cleaned), folders included; unique in its knowledge base. */
  public String name;

  @Column(name = "media_type")
  public String mediaType;

  @Column(name = "size_bytes")
  public long sizeBytes;

  /** SHA-256 of the latest version's bytes: its blob's name. */
  public String sha256;

  /** The latest uploaded version, from 1. */
  public long version;

  /** The version the index serves (0: none yet). Unchanged bytes keep the earlier number. */
  @Column(name = "indexed_version")
  public long indexedVersion;

  @Enumerated(EnumType.STRING)
  public DocumentStatus status;

  /** Why the latest version failed, for a person; null otherwise. */
  public String error;

  @Column(name = "chunk_count")
  public int chunkCount;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /**
   * The document, its row locked until the transaction ends. Whatever changes a document outside an
   * upload (which orders itself by its knowledge base's lock) reads it this way: Hibernate writes
   * every column back, so a plain read taken before an upload's commit would put the older version
   * number back over the newer one, and "is this job's version still the latest?" would be answered
   * on a row that is no longer current.
   */
  public static Document findByIdForUpdate(String id) {
    return findById(id, LockModeType.PESSIMISTIC_WRITE);
  }

  public static Optional<Document> findInKb(String kbId, String id) {
    return find("kbId = ?1 and id = ?2", kbId, id).firstResultOptional();
  }

  public static Optional<Document> findByName(String kbId, String name) {
    return find("kbId = ?1 and name = ?2", kbId, name).firstResultOptional();
  }

  /** The documents of the knowledge base with these names, by name (a name has one at most). */
  public static Map<String, Document> byNames(String kbId, Collection<String> names) {
    Map<String, Document> byName = new HashMap<>();
    for (Document d :
        Document.<Document>list("kbId = ?1 and name in ?2", kbId, Set.copyOf(names))) {
      byName.put(d.name, d);
    }
    return byName;
  }
}
