package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One uploaded version of a document: which blob holds its bytes. */
@Entity
@Table(name = "document_version")
public class DocumentVersion extends PanacheEntityBase {

  @EmbeddedId public Key key;

  public String sha256;

  @Column(name = "size_bytes")
  public long sizeBytes;

  @Column(name = "media_type")
  public String mediaType;

  @Column(name = "created_at")
  public Instant createdAt;

  /** The composite key. */
  @Embeddable
  public record Key(
      @Column(name = "document_id") String documentId, @Column(name = "version") long version)
      implements Serializable {}

  /** Whether any version of any document still needs the blob {@code sha256}. */
  public static boolean blobInUse(String sha256) {
    return count("sha256", sha256) > 0;
  }
}
