package dev.quarry.ingestion.cli;

import dev.quarry.ingestion.pipeline.ChunkedWith;
import dev.quarry.ingestion.pipeline.IngestionPipeline;
import dev.quarry.ingestion.pipeline.SourceDocument;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.IndexedDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code ./quarry ingest} knows of a knowledge base it already has, without a server: how its
 * documents are chunked and embedded, and, when a run asks for other settings, which files a
 * re-index reads. A re-index needs every document, so those the run was not given are read again
 * from the path the index recorded ({@link IngestionPipeline#PATH}).
 */
final class LocalReindex {

  private final Map<String, IndexedDocument> documents;

  private LocalReindex(Map<String, IndexedDocument> documents) {
    this.documents = documents;
  }

  /** Reads every document's record of {@code index}. */
  static LocalReindex of(ChunkIndex index) {
    Map<String, IndexedDocument> documents = new HashMap<>();
    for (String id : index.documentIds()) {
      index.document(id).ifPresent(d -> documents.put(id, d));
    }
    return new LocalReindex(documents);
  }

  /** A document the re-index cannot read, and why. */
  record Unreadable(String documentId, String reason) {}

  /** The files of a re-index: every document's, and those that cannot be read. */
  record Plan(List<SourceDocument> sources, List<Unreadable> unreadable) {

    Set<String> documentIds() {
      return sources.stream().map(SourceDocument::documentId).collect(Collectors.toSet());
    }
  }

  /**
   * How most documents are chunked and embedded (a knowledge base that older runs left mixed is
   * made whole by the next re-index), or empty for an empty one.
   */
  Optional<ChunkedWith> current() {
    return documents.values().stream()
        .map(d -> ChunkedWith.parse(d.metadata().get(IngestionPipeline.CHUNKED_WITH)))
        .flatMap(Optional::stream)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet()
        .stream()
        .max(
            Map.Entry.<ChunkedWith, Long>comparingByValue()
                .thenComparing(e -> e.getKey().toString()))
        .map(Map.Entry::getKey);
  }

  /** Whether any document was chunked or embedded otherwise than {@code wanted}. */
  boolean needed(ChunkedWith wanted) {
    String form = wanted.toString();
    return documents.values().stream()
        .anyMatch(d -> !form.equals(d.metadata().get(IngestionPipeline.CHUNKED_WITH)));
  }

  /**
   * The files a re-index reads: those given, and for every other document not being deleted, the
   * file it was read from, when it is still there.
   */
  Plan plan(List<SourceDocument> given, Collection<String> deletes) {
    Set<String> skip = new HashSet<>(deletes);
    List<SourceDocument> sources = new ArrayList<>();
    for (SourceDocument s : given) {
      if (!skip.contains(s.documentId())) {
        sources.add(s);
        skip.add(s.documentId());
      }
    }
    List<Unreadable> unreadable = new ArrayList<>();
    documents.values().stream()
        .sorted(Comparator.comparing(IndexedDocument::documentId))
        .filter(d -> !skip.contains(d.documentId()))
        .forEach(
            d -> {
              String recorded = d.metadata().get(IngestionPipeline.PATH);
              if (recorded == null) {
                unreadable.add(
                    new Unreadable(
                        d.documentId(),
                        "the index does not record where it was read from (ingested before"
                            + " re-indexing existed)"));
              } else if (!Files.isRegularFile(Path.of(recorded))) {
                unreadable.add(new Unreadable(d.documentId(), "its file " + recorded + " is gone"));
              } else {
                sources.add(SourceDocument.ofLocalFile(d.documentId(), Path.of(recorded)));
              }
            });
    return new Plan(List.copyOf(sources), List.copyOf(unreadable));
  }
}
