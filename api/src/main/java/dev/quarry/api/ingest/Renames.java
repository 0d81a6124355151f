package dev.quarry.api.ingest;

import dev.quarry.api.ApiException;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.storage.FileNames;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;

/**
 * Renames documents: a file moved within a synced folder keeps its document (id, versions, index)
 * under the new name. Only the catalogue changes; passages show the catalogue's name (see {@code
 * qa.CurrentNames}), so nothing is re-embedded.
 */
@ApplicationScoped
public class Renames {

  @Inject IngestionEvents events;

  /**
   * Gives a document a new name (cleaned as an upload's file name is).
   *
   * @return the renamed document
   * @throws ApiException 400 for a name with nothing usable, 404 for an unknown document or
   *     knowledge base, 409 when another document has that name or the knowledge base is being
   *     deleted
   */
  public Document rename(KnowledgeBase kb, String documentId, String newName) {
    if (newName == null || newName.isBlank()) {
      throw ApiException.badRequest("Send the new name: {\"name\": \"folder/file.pdf\"}.");
    }
    String name = FileNames.clean(newName);
    Document doc =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  // The knowledge base's row lock orders this against uploads of the same name.
                  KnowledgeBase locked =
                      KnowledgeBase.findById(kb.id, LockModeType.PESSIMISTIC_WRITE);
                  if (locked == null) {
                    throw ApiException.notFound("No knowledge base '" + kb.id + "'.");
                  }
                  if (!locked.isActive()) {
                    throw ApiException.conflict(
                        "The knowledge base '" + locked.name + "' is being deleted.");
                  }
                  Document d =
                      Document.findInKb(kb.id, documentId)
                          .orElseThrow(
                              () ->
                                  ApiException.notFound(
                                      "No document '" + documentId + "' in this knowledge base."));
                  if (d.name.equals(name)) {
                    return d;
                  }
                  if (Document.findByName(kb.id, name).isPresent()) {
                    throw ApiException.conflict(
                        "Another document is named '"
                            + name
                            + "'; delete or rename it first, or upload this file as its new"
                            + " version.");
                  }
                  d.name = name;
                  d.updatedAt = Instant.now();
                  return d;
                });
    events.publish(DocumentEvent.of(doc));
    return doc;
  }
}
