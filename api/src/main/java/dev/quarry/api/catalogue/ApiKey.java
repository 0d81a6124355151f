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

/** A key with a role in one knowledge base. Only the key's SHA-256 is stored. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "kb_id")
  public String kbId;

  @Enumerated(EnumType.STRING)
  public Role role;

  @Column(name = "key_hash")
  public String keyHash;

  @Column(name = "created_at")
  public Instant createdAt;

  public static Optional<ApiKey> findByHash(String hash) {
    return find("keyHash", hash).firstResultOptional();
  }
}
