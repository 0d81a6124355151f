package dev.quarry.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevClusterCommandTest {

  @Test
  void should_default_to_two_nodes_on_9200_with_data_under_data_opensearch() {
    DevCluster.Layout layout = DevClusterCommand.parse();

    assertThat(layout)
        .isEqualTo(
            new DevCluster.Layout(2, 9200, 9300, Path.of("data", "opensearch"), "quarry-dev"));
    assertThat(layout.url()).isEqualTo("http://127.0.0.1:9200");
  }

  @Test
  void should_read_every_option() {
    DevCluster.Layout layout =
        DevClusterCommand.parse(
            "--nodes",
            "3",
            "--http-port",
            "19200",
            "--transport-port",
            "19300",
            "--data-dir",
            "/tmp/os",
            "--cluster-name",
            "lab");

    assertThat(layout).isEqualTo(new DevCluster.Layout(3, 19200, 19300, Path.of("/tmp/os"), "lab"));
  }

  @Test
  void should_answer_help_with_no_layout() {
    assertThat(DevClusterCommand.parse("--help")).isNull();
  }

  @Test
  void should_refuse_each_wrong_argument_naming_it() {
    assertThatThrownBy(() -> DevClusterCommand.parse("--nodes", "0"))
        .hasMessageContaining("--nodes must be between 1 and 9");
    assertThatThrownBy(() -> DevClusterCommand.parse("--nodes", "two"))
        .hasMessageContaining("--nodes takes a number, not 'two'");
    assertThatThrownBy(() -> DevClusterCommand.parse("--http-port", "65535", "--nodes", "2"))
        .hasMessageContaining("ports must leave room for one per node");
    assertThatThrownBy(() -> DevClusterCommand.parse("--cluster-name", "Big Lab"))
        .hasMessageContaining("--cluster-name takes lower-case letters");
    assertThatThrownBy(() -> DevClusterCommand.parse("--shards", "2"))
        .hasMessageContaining("unknown argument --shards");
    assertThatThrownBy(() -> DevClusterCommand.parse("--nodes"))
        .hasMessageContaining("--nodes without its value");
  }
}
