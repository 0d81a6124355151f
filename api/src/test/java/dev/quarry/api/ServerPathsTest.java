package dev.quarry.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPathsTest {

  @TempDir Path dataDir;

  @AfterEach
  void forget_the_data_dir() {
    ServerPaths.useDataDir(null);
  }

  @Test
  void should_hide_the_data_dir_in_an_io_error_message() throws Exception {
    // given
    ServerPaths.useDataDir(dataDir);
    Path blob = Files.createDirectories(dataDir.resolve("blobs/ab")).resolve("cdef");

    // when
    String hidden = ServerPaths.hide("cannot be read: " + blob + ": Permission denied");

    // then
    assertThat(hidden)
        .isEqualTo("cannot be read: <data-dir>/blobs/ab/cdef: Permission denied")
        .doesNotContain(dataDir.toString());
  }

  @Test
  void should_hide_the_temp_dir_and_leave_urls_and_media_types_alone() {
    // given
    String temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();

    // when
    String hidden =
        ServerPaths.hide(
            "spooled to " + temp + "/upload-1 for /api/kbs/abc/documents as text/plain");

    // then
    assertThat(hidden)
        .isEqualTo("spooled to <temp-dir>/upload-1 for /api/kbs/abc/documents as text/plain");
  }

  @Test
  void should_not_hide_a_path_that_only_starts_like_a_server_directory() {
    // given
    ServerPaths.useDataDir(dataDir);

    // when
    String hidden = ServerPaths.hide(dataDir + "-other/file");

    // then: not taken for the data directory (the temp directory around it is still hidden)
    assertThat(hidden).doesNotContain("<data-dir>").endsWith(dataDir.getFileName() + "-other/file");
  }
}
