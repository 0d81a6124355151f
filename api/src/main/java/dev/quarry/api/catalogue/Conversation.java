package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A conversation with one knowledge base; it belongs to the key that created it. */
@Entity
@Table(name = "conversation")
public class Conversation extends PanacheEntityBase {

  /** The owner of conversations the server's admin key creates. */
  public static final String ADMIN_OWNER = "admin";

  @Id public String id;

  @Column(name = "kb_id")
  public String kbId;

  /** The id of the key that created it, or {@link #ADMIN_OWNER}. */
  public String owner;

  public String title;

  /** Turns so far; the next turn's position is one more. */
  @Column(name = "turn_count")
  public int turnCount;

  @Column(name = "created_at")
  public Instant createdAt;

  /** When it was created, renamed or last asked. */
  @Column(name = "updated_at")
  public Instant updatedAt;
}
