package dev.quarry.generator.model;

import dev.quarry.generator.GeneratorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses which files of a hub repository make a runnable model: the four JSON files (at the root,
 * else in the graph's folder), one decoder graph, and that graph's external data files.
 * Repositories such as onnx-community's hold many graph variants (fp16, int8, q4); only one is
 * downloaded.
 */
public final class FileSelection {

  private FileSelection() {}

  /**
   * @param files the repository's files
   * @param subfolder where the graphs are ({@code onnx} in onnx-community repositories); empty for
   *     the root
   * @param graph the graph file name to take; empty to take the first of {@link
   *     ModelFolder#GRAPH_NAMES} present
   * @throws GeneratorException naming what the repository lacks
   */
  public static List<HubFile> select(
      List<HubFile> files, String subfolder, Optional<String> graph) {
    List<HubFile> selected = new ArrayList<>();
    for (String name : ModelFolder.REQUIRED_FILES) {
      // At the root (Optimum, onnx-community), else next to the graph (onnxruntime-genai repos).
      selected.add(
          find(files, "", name)
              .or(() -> find(files, subfolder, name))
              .orElseThrow(() -> new GeneratorException("the repository has no " + name)));
    }
    List<String> candidates = graph.map(List::of).orElse(ModelFolder.GRAPH_NAMES);
    HubFile onnx =
        candidates.stream()
            .map(name -> find(files, subfolder, name))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(
                () ->
                    new GeneratorException(
                        "the repository has none of "
                            + candidates
                            + " in '"
                            + subfolder
                            + "'; try --subfolder onnx or --graph <file>"));
    selected.add(onnx);
    for (HubFile f : files) {
      // External data: model.onnx_data, model.onnx.data, model.onnx_data_1, ...
      if (f.folder().equals(subfolder)
          && !f.name().equals(onnx.name())
          && f.name().startsWith(onnx.name())) {
        selected.add(f);
      }
    }
    return selected;
  }

  private static Optional<HubFile> find(List<HubFile> files, String folder, String name) {
    return files.stream()
        .filter(f -> f.folder().equals(folder) && f.name().equals(name))
        .findFirst();
  }
}
