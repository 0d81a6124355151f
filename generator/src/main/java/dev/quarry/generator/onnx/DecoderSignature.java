package dev.quarry.generator.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.model.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inputs and outputs of one decoder graph, read from the session rather than assumed.
 *
 * @param hasPositionIds whether the graph takes {@code position_ids} (Llama family; GPT-2 exports
 *     may not)
 * @param hasCacheBranch whether the graph takes {@code use_cache_branch} (Optimum's merged decoder)
 * @param pastNames {@code past_key_values.{i}.key}, {@code .value} for every layer, in layer order
 * @param presentNames the matching {@code present.{i}.key/value} outputs, same order
 * @param kvType FLOAT or FLOAT16: the element type of the cache
 * @param kvHeads key/value heads (dimension 1 of a past tensor)
 * @param headDim dimension 3 of a past tensor
 */
public record DecoderSignature(
    boolean hasPositionIds,
    boolean hasCacheBranch,
    List<String> pastNames,
    List<String> presentNames,
    OnnxJavaType kvType,
    int kvHeads,
    int headDim) {

  public static final String INPUT_IDS = "input_ids";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String POSITION_IDS = "position_ids";
  public static final String USE_CACHE_BRANCH = "use_cache_branch";
  public static final String LOGITS = "logits";

  public DecoderSignature {
    pastNames = List.copyOf(pastNames);
    presentNames = List.copyOf(presentNames);
  }

  /** Layers in the cache. */
  public int layers() {
    return pastNames.size() / 2;
  }

  /**
   * Reads the signature of {@code session}; where the graph leaves KV dimensions symbolic, takes
   * them from the model's configuration.
   *
   * @throws GeneratorException if the graph lacks an input or output the contract requires
   */
  static DecoderSignature read(OrtSession session, ModelConfig config, Path onnxFile) {
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      for (String name : List.of(INPUT_IDS, ATTENTION_MASK)) {
        require(inputs.containsKey(name), "input " + name, onnxFile);
      }
      require(outputs.containsKey(LOGITS), "output " + LOGITS, onnxFile);
      List<String> past = new ArrayList<>();
      List<String> present = new ArrayList<>();
      for (int i = 0; inputs.containsKey("past_key_values." + i + ".key"); i++) {
        for (String kind : List.of("key", "value")) {
          String in = "past_key_values." + i + "." + kind;
          String out = "present." + i + "." + kind;
          require(inputs.containsKey(in), "input " + in, onnxFile);
          require(outputs.containsKey(out), "output " + out, onnxFile);
          past.add(in);
          present.add(out);
        }
      }
      rejectUnknownInputs(inputs.keySet(), past, onnxFile);
      require(
          !past.isEmpty(),
          "past_key_values.* inputs (export with past, e.g. "
              + "optimum-cli --task text-generation-with-past)",
          onnxFile);
      TensorInfo kv = (TensorInfo) inputs.get(past.get(0)).getInfo();
      if (kv.type != OnnxJavaType.FLOAT && kv.type != OnnxJavaType.FLOAT16) {
        throw new GeneratorException("unsupported KV cache type " + kv.type, onnxFile);
      }
      long[] shape = kv.getShape(); // (batch, kv_heads, past_seq, head_dim)
      int kvHeads = shape[1] > 0 ? (int) shape[1] : config.keyValueHeads();
      int headDim = shape[3] > 0 ? (int) shape[3] : config.headDim();
      return new DecoderSignature(
          inputs.containsKey(POSITION_IDS),
          inputs.containsKey(USE_CACHE_BRANCH),
          past,
          present,
          kv.type,
          kvHeads,
          headDim);
    } catch (OrtException e) {
      throw new GeneratorException(
          "cannot read the graph's inputs: " + e.getMessage(), onnxFile, e);
    }
  }

  /** A required input we would not feed fails at the first step; say so at load time instead. */
  private static void rejectUnknownInputs(Set<String> inputs, List<String> past, Path onnxFile) {
    List<String> known = List.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS, USE_CACHE_BRANCH);
    List<String> unknown =
        inputs.stream()
            .filter(name -> !past.contains(name) && !known.contains(name))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new GeneratorException(
          "the graph takes inputs this engine does not know how to feed: " + unknown, onnxFile);
    }
  }

  private static void require(boolean present, String what, Path onnxFile) {
    if (!present) {
      throw new GeneratorException(
          "not a Hugging Face decoder-with-past graph: no " + what, onnxFile);
    }
  }
}
