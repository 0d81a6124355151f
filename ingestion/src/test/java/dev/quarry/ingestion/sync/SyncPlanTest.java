package dev.quarry.ingestion.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SyncPlan}: from a folder's files and a knowledge base's documents, what to change. */
class SyncPlanTest {

  @Test
  void should_add_every_file_when_the_knowledge_base_is_empty() {
    SyncPlan plan = SyncPlan.between(scan(file("a.txt", "1"), file("b/c.md", "2")), List.of());

    assertThat(plan.adds()).extracting(a -> a.file().name()).containsExactly("a.txt", "b/c.md");
    assertThat(plan.changes()).isEqualTo(2);
  }

  @Test
  void should_change_nothing_when_names_and_bytes_match() {
    SyncPlan plan =
        SyncPlan.between(scan(file("a.txt", "1")), List.of(new KnownDocument("d1", "a.txt", "1")));

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.unchanged()).containsExactly("a.txt");
  }

  @Test
  void should_update_a_document_when_its_file_has_other_bytes() {
    SyncPlan plan =
        SyncPlan.between(scan(file("a.txt", "2")), List.of(new KnownDocument("d1", "a.txt", "1")));

    assertThat(plan.updates())
        .singleElement()
        .satisfies(u -> assertThat(u.document().id()).isEqualTo("d1"));
    assertThat(plan.adds()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void should_rename_a_document_when_its_bytes_appear_under_a_new_name() {
    SyncPlan plan =
        SyncPlan.between(
            scan(file("new/a.txt", "1")), List.of(new KnownDocument("d1", "old/a.txt", "1")));

    assertThat(plan.renames())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.document().id()).isEqualTo("d1");
              assertThat(r.to()).isEqualTo("new/a.txt");
            });
    assertThat(plan.adds()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void should_delete_a_document_when_its_file_is_gone() {
    SyncPlan plan =
        SyncPlan.between(
            scan(file("a.txt", "1")),
            List.of(new KnownDocument("d1", "a.txt", "1"), new KnownDocument("d2", "b.txt", "2")));

    assertThat(plan.deletes()).extracting(d -> d.document().id()).containsExactly("d2");
  }

  @Test
  void
      should_rename_one_and_add_the_other_when_two_new_files_share_the_bytes_of_one_gone_document() {
    SyncPlan plan =
        SyncPlan.between(
            scan(file("copy-1.txt", "1"), file("copy-2.txt", "1")),
            List.of(new KnownDocument("d1", "original.txt", "1")));

    assertThat(plan.renames()).extracting(SyncPlan.Rename::to).containsExactly("copy-1.txt");
    assertThat(plan.adds()).extracting(a -> a.file().name()).containsExactly("copy-2.txt");
    assertThat(plan.deletes()).isEmpty();
  }

  @Test
  void should_not_rename_a_document_whose_file_is_still_there_when_a_copy_appears() {
    SyncPlan plan =
        SyncPlan.between(
            scan(file("a.txt", "1"), file("copy.txt", "1")),
            List.of(new KnownDocument("d1", "a.txt", "1")));

    assertThat(plan.renames()).isEmpty();
    assertThat(plan.adds()).extracting(a -> a.file().name()).containsExactly("copy.txt");
  }

  @Test
  void should_keep_documents_whose_file_or_folder_cannot_be_read() {
    FolderScan folder =
        new FolderScan(
            List.of(),
            List.of(
                new UnreadableFile("locked.txt", "permission denied"),
                new UnreadableFile("private/", "permission denied")));

    SyncPlan plan =
        SyncPlan.between(
            folder,
            List.of(
                new KnownDocument("d1", "locked.txt", "1"),
                new KnownDocument("d2", "private/x.txt", "2"),
                new KnownDocument("d3", "privateer.txt", "3")));

    assertThat(plan.deletes())
        .as("only the document whose file is really gone")
        .extracting(d -> d.document().id())
        .containsExactly("d3");
    assertThat(plan.describe()).contains("SKIP    locked.txt (cannot read: permission denied)");
  }

  @Test
  void should_describe_each_change_on_one_line_in_the_order_it_is_carried_out() {
    SyncPlan plan =
        SyncPlan.between(
            scan(file("moved.txt", "m"), file("changed.txt", "c2"), file("new.txt", "n")),
            List.of(
                new KnownDocument("d1", "was.txt", "m"),
                new KnownDocument("d2", "changed.txt", "c1"),
                new KnownDocument("d3", "gone.txt", "g")));

    assertThat(plan.describe())
        .containsExactly(
            "RENAME  was.txt -> moved.txt",
            "UPDATE  changed.txt",
            "ADD     new.txt",
            "DELETE  gone.txt");
  }

  private static FolderScan scan(LocalFile... files) {
    return new FolderScan(List.of(files), List.of());
  }

  /** A file whose "hash" is given directly: the planner only compares hashes. */
  private static LocalFile file(String name, String sha) {
    return new LocalFile(name, Path.of(name), sha, 1);
  }
}
