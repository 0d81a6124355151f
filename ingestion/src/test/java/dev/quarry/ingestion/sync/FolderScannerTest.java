package dev.quarry.ingestion.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FolderScanner} on real folders. */
class FolderScannerTest {

  @TempDir Path folder;

  private final FolderScanner scanner = new FolderScanner();

  @Test
  void should_name_files_by_their_relative_path_and_hash_their_bytes() throws Exception {
    write("guides/setup.md", "abc");
    write("top.txt", "x");

    FolderScan scan = scanner.scan(folder);

    assertThat(scan.files())
        .extracting(LocalFile::name)
        .containsExactly("guides/setup.md", "top.txt");
    assertThat(scan.files().get(0).sha256())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(scan.unreadable()).isEmpty();
  }

  @Test
  void should_skip_hidden_files_office_owner_files_and_editor_backups() throws Exception {
    write(".git/config", "x");
    write(".~lock.report.odt#", "x");
    write("~$report.docx", "x");
    write("notes.txt~", "x");
    write("report.docx", "x");

    assertThat(scanner.scan(folder).files())
        .extracting(LocalFile::name)
        .containsExactly("report.docx");
  }

  @Test
  void should_report_an_unreadable_file_and_go_on() throws Exception {
    Path locked = write("locked.txt", "secret");
    write("open.txt", "hello");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assumeTrue(!Files.isReadable(locked), "running as a user who reads any file (root)");

    FolderScan scan = scanner.scan(folder);

    assertThat(scan.files()).extracting(LocalFile::name).containsExactly("open.txt");
    assertThat(scan.unreadable())
        .containsExactly(new UnreadableFile("locked.txt", "permission denied"));
  }

  @Test
  void should_report_a_file_that_cannot_be_opened_even_by_root() throws Exception {
    // given: a link to itself, which no user can read
    write("open.txt", "hello");
    Files.createSymbolicLink(folder.resolve("loop.txt"), folder.resolve("loop.txt"));

    FolderScan scan = scanner.scan(folder);

    assertThat(scan.files()).extracting(LocalFile::name).containsExactly("open.txt");
    assertThat(scan.unreadable()).extracting(UnreadableFile::name).containsExactly("loop.txt");
  }

  @Test
  void should_refuse_a_folder_that_does_not_exist() {
    Path missing = folder.resolve("nowhere");

    assertThatThrownBy(() -> scanner.scan(missing))
        .isInstanceOf(SyncFolderException.class)
        .hasMessage("no such folder: " + missing);
  }

  @Test
  void should_refuse_a_file_given_as_the_folder() throws Exception {
    Path file = write("a.txt", "x");

    assertThatThrownBy(() -> scanner.scan(file))
        .isInstanceOf(SyncFolderException.class)
        .hasMessageContaining("is a file, not a folder");
  }

  private Path write(String name, String text) throws Exception {
    Path file = folder.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
