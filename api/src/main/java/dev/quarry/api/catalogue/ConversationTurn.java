package dev.quarry.api.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One question of a conversation and its answer. */
@Entity
@Table(name = "conversation_turn")
public class ConversationTurn extends PanacheEntityBase {

  /** A turn's conversation and position (1, 2, …). */
  @Embeddable
  public static class Key implements Serializable {

    @Column(name = "conversation_id")
    public String conversationId;

    public int position;

    public Key() {}

    public Key(String conversationId, int position) {
      this.conversationId = conversationId;
      this.position = position;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.position == position
          && Objects.equals(k.conversationId, conversationId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(conversationId, position);
    }
  }

  @EmbeddedId public Key key;

  /** As the person wrote it. */
  public String question;

  /** The standalone query retrieval used. */
  public String query;

  /** How {@link #query} was made: a {@code RewriteMethod} name. */
  public String rewrite;

  /** The answer's text. */
  public String answer;

  /** {@code generative}, {@code extractive} or {@code abstained}. */
  public String mode;

  /** The whole answer as the API returned it, JSON. */
  public String result;

  @Column(name = "created_at")
  public Instant createdAt;
}
