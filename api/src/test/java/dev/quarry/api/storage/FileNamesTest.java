package dev.quarry.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.ApiException;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void should_drop_traversal_segments_and_leading_slashes() {
    assertThat(FileNames.clean("../../etc/passwd")).isEqualTo("etc/passwd");
    assertThat(FileNames.clean("/abs/./x.md")).isEqualTo("abs/x.md");
    assertThat(FileNames.clean("C:\\Users\\me\\notes.txt")).isEqualTo("C:/Users/me/notes.txt");
  }

  @Test
  void should_remove_control_and_invisible_format_characters() {
    assertThat(FileNames.clean("re\u0000port\u202E.txt\r\n")).isEqualTo("report.txt");
  }

  @Test
  void should_keep_the_last_segments_of_a_very_long_path() {
    String name = "a".repeat(200) + "/" + "b".repeat(200) + "/file.txt";
    assertThat(FileNames.clean(name)).hasSizeLessThanOrEqualTo(255).endsWith("/file.txt");
  }

  @Test
  void should_refuse_a_name_with_nothing_usable() {
    assertThatThrownBy(() -> FileNames.clean("../..//\u0007"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("rename the file");
  }
}
