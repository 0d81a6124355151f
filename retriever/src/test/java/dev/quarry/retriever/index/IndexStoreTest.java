package dev.quarry.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.retriever.IndexMismatchException;
import dev.quarry.retriever.IndexNotFoundException;
import dev.quarry.retriever.SharedEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {

  @TempDir Path root;

  private IndexStore store() {
    return new IndexStore(root, IndexSettings.defaults(), SharedEmbedder.get());
  }

  @Test
  void should_share_one_index_per_knowledge_base() {
    try (IndexStore store = store()) {
      KnowledgeIndex first = store.openOrCreate("docs");

      assertThat(store.open("docs")).isSameAs(first);
      assertThat(store.list()).containsExactly("docs");
    }
  }

  @Test
  void should_open_again_an_index_found_closed_and_keep_what_it_held() {
    try (IndexStore store = store()) {
      // given: a committed document, then the index's writer gone (as after a fatal disk error)
      KnowledgeIndex first = store.openOrCreate("docs");
      first.replace("doc", 1, List.of(Chunk.ofText(0, "Doc", "kept across the reopen")));
      first.close();
      assertThat(first.isOpen()).isFalse();

      // when
      KnowledgeIndex again = store.openOrCreate("docs");

      // then: a fresh, writable index with the committed document
      assertThat(again).isNotSameAs(first);
      assertThat(again.isOpen()).isTrue();
      assertThat(again.document("doc")).isPresent();
      again.replace("doc", 2, List.of(Chunk.ofText(0, "Doc", "written after the reopen")));
      assertThat(store.open("docs").document("doc").orElseThrow().version()).isEqualTo(2);
    }
  }

  @Test
  void should_list_known_knowledge_bases_when_one_is_unknown() {
    try (IndexStore store = store()) {
      store.openOrCreate("alpha");
      store.openOrCreate("beta");

      assertThatThrownBy(() -> store.open("gamma"))
          .isInstanceOf(IndexNotFoundException.class)
          .hasMessageContaining("Unknown knowledge base 'gamma'")
          .hasMessageContaining("alpha, beta");
    }
  }

  @Test
  void should_keep_knowledge_bases_apart() {
    try (IndexStore store = store()) {
      store.openOrCreate("a").replace("doc", 1, List.of(Chunk.ofText(0, "A", "only in a")));
      store.openOrCreate("b").replace("doc", 1, List.of(Chunk.ofText(0, "B", "only in b")));

      assertThat(store.open("a").chunkCount()).isEqualTo(1);
      assertThat(store.open("b").document("doc").orElseThrow().version()).isEqualTo(1);
    }
  }

  @Test
  void should_open_an_existing_index_with_the_settings_it_was_built_with() {
    // given a knowledge base built with int8 vectors
    IndexSettings int8 = IndexSettings.defaults().withVectorFormat(VectorFormat.INT8);
    try (KnowledgeIndex index =
        KnowledgeIndex.open(root.resolve("old"), int8, SharedEmbedder.get())) {
      index.replace("doc", 1, List.of(Chunk.ofText(0, "t", "text")));
    }

    // when a store whose default for new knowledge bases is float32 opens it
    try (IndexStore store =
        new IndexStore(
            root,
            IndexSettings.defaults().withVectorFormat(VectorFormat.FLOAT32),
            SharedEmbedder.get())) {
      // then it keeps its own format
      assertThat(store.open("old").settings().vectorFormat()).isEqualTo(VectorFormat.INT8);
      assertThat(store.openOrCreate("new").settings().vectorFormat())
          .isEqualTo(VectorFormat.FLOAT32);
    }
  }

  @Test
  void should_build_a_new_index_with_the_model_named_and_reopen_it_with_that_model() {
    // given a knowledge base created with all-MiniLM-L6-v2 beside one with the default model
    try (IndexStore store =
        new IndexStore(root, IndexSettings.defaults(), SharedEmbedder.models())) {
      KnowledgeIndex mini = store.openOrCreate("mini", "all-minilm-l6-v2-q");
      mini.replace("doc", 1, List.of(Chunk.ofText(0, "Bones", "Vitamin D strengthens bones.")));
      assertThat(store.openOrCreate("bge").manifest().model()).isEqualTo("bge-small-en-v1.5-q");
    }

    // when another store opens it, asking for the default model
    try (IndexStore store =
        new IndexStore(root, IndexSettings.defaults(), SharedEmbedder.models())) {
      KnowledgeIndex mini = store.openOrCreate("mini");

      // then it keeps the model its manifest names, for passages and queries alike
      assertThat(mini.manifest().model()).isEqualTo("all-minilm-l6-v2-q");
      assertThat(mini.embedder().info().name()).isEqualTo("all-minilm-l6-v2-q");
      assertThat(mini.document("doc")).isPresent();
    }
  }

  @Test
  void should_refuse_an_index_built_with_a_model_the_store_lacks() {
    try (IndexStore store =
        new IndexStore(root, IndexSettings.defaults(), SharedEmbedder.models())) {
      store.openOrCreate("mini", "all-minilm-l6-v2-q");
    }

    try (IndexStore bgeOnly = store()) {
      assertThatThrownBy(() -> bgeOnly.openOrCreate("mini"))
          .isInstanceOf(IndexMismatchException.class)
          .hasMessageContaining("all-minilm-l6-v2-q")
          .hasMessageContaining("Re-index");
    }
  }

  @Test
  void should_replace_a_knowledge_base_whole_by_the_index_built_beside_it() {
    try (IndexStore store = store();
        IndexStore staging = store.staging()) {
      // given: the current index, and a new one built beside it while the current one is open
      store.openOrCreate("docs").replace("old", 1, List.of(Chunk.ofText(0, "Old", "as it was")));
      staging.openOrCreate("docs").replace("new", 1, List.of(Chunk.ofText(0, "New", "re-built")));
      assertThat(store.open("docs").documentIds()).containsExactly("old");

      // when
      store.promote("docs", staging);

      // then: the knowledge base is the new index, the old one is gone, nothing is left beside it
      assertThat(store.open("docs").documentIds()).containsExactly("new");
      assertThat(store.list()).containsExactly("docs");
      assertThat(staging.exists("docs")).isFalse();
      assertThat(root.resolve(IndexStore.STAGING)).isEmptyDirectory();
    }
  }

  @Test
  void should_finish_a_replacement_that_stopped_between_its_two_renames() throws IOException {
    // given: a new index built beside the current one, and a crash right after the current one
    // was moved aside (the first of the replacement's two renames)
    try (IndexStore store = store();
        IndexStore staging = store.staging()) {
      store.openOrCreate("docs").replace("old", 1, List.of(Chunk.ofText(0, "Old", "as it was")));
      staging.openOrCreate("docs").replace("new", 1, List.of(Chunk.ofText(0, "New", "re-built")));
    }
    Files.move(root.resolve("docs"), root.resolve(IndexStore.STAGING).resolve("docs.replaced"));

    // when the next process opens the knowledge base
    try (IndexStore store = store()) {
      // then the replacement is finished: the new index, whole, and the old one deleted
      assertThat(store.exists("docs")).isTrue();
      assertThat(store.open("docs").documentIds()).containsExactly("new");
      assertThat(root.resolve(IndexStore.STAGING)).isEmptyDirectory();
    }
  }

  @Test
  void should_refuse_to_promote_an_index_that_was_never_built() {
    try (IndexStore store = store();
        IndexStore staging = store.staging()) {
      store.openOrCreate("docs").replace("old", 1, List.of(Chunk.ofText(0, "Old", "as it was")));

      assertThatThrownBy(() -> store.promote("docs", staging))
          .isInstanceOf(IndexNotFoundException.class)
          .hasMessageContaining("No index of docs is being built");
      assertThat(store.open("docs").documentIds()).containsExactly("old");
    }
  }

  @Test
  void should_remove_the_directory_when_deleting_a_knowledge_base() {
    try (IndexStore store = store()) {
      store.openOrCreate("gone").replace("doc", 1, List.of(Chunk.ofText(0, "t", "text")));

      store.delete("gone");

      assertThat(root.resolve("gone")).doesNotExist();
      assertThat(store.list()).isEmpty();
    }
  }

  @Test
  void should_refuse_names_that_could_escape_the_directory() {
    try (IndexStore store = store()) {
      for (String bad : new String[] {"../etc", "a/b", "", ".hidden", "x".repeat(65)}) {
        assertThatThrownBy(() -> store.openOrCreate(bad))
            .as(bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Invalid knowledge base name");
      }
    }
  }
}
