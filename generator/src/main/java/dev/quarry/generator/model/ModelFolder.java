package dev.quarry.generator.model;

import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A model folder in the Hugging Face ONNX layout (Optimum / onnx-community): the ONNX graph, its
 * external data files beside it, and the four JSON files.
 *
 * <p>The graph is found at {@code model.onnx} or {@code decoder_model_merged.onnx}, in the folder
 * itself or its {@code onnx/} sub-folder (the onnx-community layout); failing those, the one other
 * {@code .onnx} file there (a variant pulled with {@code --graph}, e.g. {@code
 * onnx/model_q4.onnx}). The JSON files are in the folder itself.
 *
 * @param root the folder
 * @param onnxFile the decoder graph
 */
public record ModelFolder(Path root, Path onnxFile) {

  /** Graph file names tried in order: a plain decoder first, then Optimum's merged one. */
  public static final List<String> GRAPH_NAMES =
      List.of("model.onnx", "decoder_model_merged.onnx", "model_quantized.onnx");

  /** The JSON files every model needs next to its graph. */
  public static final List<String> REQUIRED_FILES =
      List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json");

  public ModelFolder {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(onnxFile, "onnxFile");
  }

  /**
   * Checks that {@code root} holds a complete model and returns it.
   *
   * @throws GeneratorException naming the first missing file
   */
  public static ModelFolder open(Path root) {
    Objects.requireNonNull(root, "root");
    if (!Files.isDirectory(root)) {
      throw new GeneratorException("model folder does not exist or is not a folder", root);
    }
    for (String name : REQUIRED_FILES) {
      if (!Files.isRegularFile(root.resolve(name))) {
        throw new GeneratorException(
            "model folder is missing " + name + "; pull the model again", root);
      }
    }
    for (Path dir : List.of(root, root.resolve("onnx"))) {
      for (String name : GRAPH_NAMES) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return new ModelFolder(root, candidate);
        }
      }
    }
    List<Path> others = otherGraphs(root);
    if (others.size() == 1) {
      return new ModelFolder(root, others.get(0));
    }
    if (others.size() > 1) {
      throw new GeneratorException(
          "model folder has several ONNX graphs "
              + others.stream().map(p -> root.relativize(p).toString()).toList()
              + "; keep one, or rename the one to run to model.onnx",
          root);
    }
    throw new GeneratorException(
        "model folder has no ONNX graph (looked for " + GRAPH_NAMES + " and onnx/ of them)", root);
  }

  /** The {@code .onnx} files in the folder and its {@code onnx/} sub-folder, sorted. */
  private static List<Path> otherGraphs(Path root) {
    List<Path> graphs = new ArrayList<>();
    for (Path dir : List.of(root, root.resolve("onnx"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(f))
            .sorted()
            .forEach(graphs::add);
      } catch (IOException e) {
        throw new GeneratorException("cannot list " + dir + ": " + e.getMessage(), root, e);
      }
    }
    return graphs;
  }

  public Path config() {
    return root.resolve("config.json");
  }

  public Path generationConfig() {
    return root.resolve("generation_config.json");
  }

  public Path tokenizer() {
    return root.resolve("tokenizer.json");
  }

  public Path tokenizerConfig() {
    return root.resolve("tokenizer_config.json");
  }
}
