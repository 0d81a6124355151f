package dev.quarry.generator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.onnx.DecoderModel;
import dev.quarry.generator.onnx.EngineOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiny random-weight models built by {@code scripts/make_tiny_models.py} and {@code
 * scripts/make_qwen_shaped_models.py --tiny} and committed under {@code src/test/resources/models},
 * with the PyTorch reference outputs the scripts wrote.
 *
 * <p>The Qwen2 models are graphs built by hand: {@code tiny-qwen2} in float32, {@code
 * tiny-qwen2-q4} and {@code tiny-qwen2-q8} with MatMulNBits 4-/8-bit weights computed in float32
 * (accuracy level 0), all from the same dequantized 4-bit weights, so all three match PyTorch; all
 * take {@code num_logits_to_keep}. {@code tiny-qwen2-q4-int8} is the 4-bit graph at accuracy level
 * 4 (activations quantized to int8 inside the operator): close to the others, not equal.
 */
public final class TinyModels {

  /** The models that reproduce their PyTorch references to 1e-4. */
  public static final List<String> NAMES =
      List.of(
          "tiny-gpt2",
          "tiny-llama",
          "tiny-llama-fp16kv",
          "tiny-qwen2",
          "tiny-qwen2-q4",
          "tiny-qwen2-q8");

  /** The 4-bit graph whose operator quantizes activations to int8: close to PyTorch, not equal. */
  public static final String INT8_ACTIVATIONS = "tiny-qwen2-q4-int8";

  private static final Map<String, DecoderModel> LOADED = new ConcurrentHashMap<>();

  /** One reference case: a prompt, its ids, PyTorch's greedy ids and two logit rows. */
  public record Case(
      String prompt,
      long[] promptIds,
      long[] greedyIds,
      float[] prefillLogits,
      float[] lastLogits) {}

  private TinyModels() {}

  public static Path path(String name) {
    try {
      return Path.of(TinyModels.class.getResource("/models/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The model, loaded once per test JVM (sessions are thread-safe and immutable). */
  public static DecoderModel model(String name) {
    return LOADED.computeIfAbsent(
        name, n -> DecoderModel.load(path(n), EngineOptions.DEFAULT.withThreads(1, 1)));
  }

  public static List<Case> cases(String name) {
    try {
      JsonNode root = new ObjectMapper().readTree(path(name).resolve("reference.json").toFile());
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        cases.add(
            new Case(
                c.get("prompt").asText(),
                longs(c.get("prompt_ids")),
                longs(c.get("greedy_ids")),
                floats(c.get("prefill_last_logits")),
                floats(c.get("final_step_logits"))));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
