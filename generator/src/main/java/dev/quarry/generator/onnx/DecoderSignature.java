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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The inputs and outputs of one decoder graph, read from the session rather than assumed.
 *
 * @param hasPositionIds whether the graph takes {@code position_ids} (Llama family; GPT-2 exports
 *     may not)
 * @param hasCacheBranch whether the graph takes {@code use_cache_branch} (Optimum's merged decoder)
 * @param logitsToKeep the graph's {@code num_logits_to_keep} (or {@code logits_to_keep}) input, if
 *     it has one: fed 1, so the graph computes the last position's logits only
 * @param pastNames {@code past_key_values.{i}.key}, {@code .value} for every layer, in layer order
 * @param presentNames the matching {@code present.{i}.key/value} outputs, same order
 * @param kvType FLOAT or FLOAT16: the element type of the cache
 * @param kvHeads key/value heads (dimension 1 of a past tensor)
 * @param headDim dimension 3 of a past tensor
 */
public record DecoderSignature(
    boolean hasPositionIds,
    boolean hasCacheBranch,
    Optional<String> logitsToKeep,
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

  /**
   * Names of the optional input that limits logits to the last positions: Hugging Face exports call
   * it {@code num_logits_to_keep} (transformers 4.45-4.47) or {@code logits_to_keep} (later).
   */
  public static final List<String> LOGITS_TO_KEEP = List.of("num_logits_to_keep", "logits_to_keep");

  public DecoderSignature {
    Objects.requireNonNull(logitsToKeep, "logitsToKeep");
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
      Optional<String> logitsToKeep =
          LOGITS_TO_KEEP.stream().filter(inputs::containsKey).findFirst();
      if (logitsToKeep.isPresent()) {
        requireInt64(inputs.get(logitsToKeep.get()), onnxFile);
      }
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
          logitsToKeep,
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

  /**
   * An input we would not feed fails at the first step; say so at load time instead. Known optional
   * inputs ({@link #LOGITS_TO_KEEP}) are fed, not refused.
   */
  private static void rejectUnknownInputs(Set<String> inputs, List<String> past, Path onnxFile) {
    List<String> known = new ArrayList<>(List.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS));
    known.add(USE_CACHE_BRANCH);
    known.addAll(LOGITS_TO_KEEP);
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

  /** {@code num_logits_to_keep} is an int64 scalar (or one-element vector) in every export. */
  private static void requireInt64(NodeInfo input, Path onnxFile) {
    TensorInfo info = (TensorInfo) input.getInfo();
    if (info.type != OnnxJavaType.INT64 || info.getShape().length > 1) {
      throw new GeneratorException(
          "input "
              + input.getName()
              + " must be an int64 scalar or one-element vector, but is "
              + info.type
              + " of shape "
              + java.util.Arrays.toString(info.getShape()),
          onnxFile);
    }
  }

  private static void require(boolean present, String what, Path onnxFile) {
    if (!present) {
      throw new GeneratorException(
          "not a Hugging Face decoder-with-past graph: no " + what, onnxFile);
    }
  }
}
