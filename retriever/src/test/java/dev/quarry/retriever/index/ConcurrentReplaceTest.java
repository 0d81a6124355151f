package dev.quarry.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.retriever.SharedEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentReplaceTest {

  private static final int VERSIONS = 25;
  private static final int READERS = 3;

  @TempDir Path dir;

  @Test
  void should_never_show_a_mix_of_versions_when_searching_during_replaces() throws Exception {
    try (KnowledgeIndex index =
        KnowledgeIndex.open(dir, IndexSettings.defaults(), SharedEmbedder.get())) {
      // given version 1 with three chunks
      index.replace("doc", 1, versionChunks(1, 3));
      AtomicBoolean writing = new AtomicBoolean(true);
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger observations = new AtomicInteger();

      // when readers look at the document while a writer replaces it again and again,
      // with versions of alternating size
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        Thread t =
            new Thread(
                () -> {
                  while (writing.get()) {
                    String problem = inspect(index);
                    observations.incrementAndGet();
                    if (problem != null) {
                      violations.add(problem);
                    }
                  }
                },
                "test-reader-" + r);
        t.start();
        readers.add(t);
      }
      for (int v = 2; v <= VERSIONS; v++) {
        index.replace("doc", v, versionChunks(v, v % 2 == 0 ? 2 : 4));
        // then each write is visible as soon as it returns
        assertThat(index.document("doc").orElseThrow().version()).isEqualTo(v);
      }
      writing.set(false);
      for (Thread t : readers) {
        t.join();
      }

      // then no reader ever saw chunks of two versions, or a version incomplete
      assertThat(violations).isEmpty();
      assertThat(observations.get()).isGreaterThan(VERSIONS);
    }
  }

  private static List<Chunk> versionChunks(int version, int count) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chunks.add(Chunk.ofText(i, "Doc", "version " + version + " part " + i + " of " + count));
    }
    return chunks;
  }

  /** Returns a description of what is wrong with the visible state, or null when it is whole. */
  private static String inspect(KnowledgeIndex index) {
    return index.withSearcher(
        s -> {
          try {
            ScoreDoc[] hits =
                s.search(new TermQuery(new Term(IndexFields.DOCUMENT_ID, "doc")), 100).scoreDocs;
            StoredFields stored = s.storedFields();
            Set<Long> versions = new HashSet<>();
            int expected = -1;
            for (ScoreDoc hit : hits) {
              versions.add(
                  stored
                      .document(hit.doc)
                      .getField(IndexFields.VERSION)
                      .numericValue()
                      .longValue());
              String text = stored.document(hit.doc).get(IndexFields.TEXT);
              expected = Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
            }
            if (versions.size() != 1) {
              return "versions " + versions;
            }
            if (hits.length != expected) {
              return "version "
                  + versions
                  + " shows "
                  + hits.length
                  + " of "
                  + expected
                  + " chunks";
            }
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
