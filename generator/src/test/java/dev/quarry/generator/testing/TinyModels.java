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
 * The tiny random-weight models built by {@code scripts/make_tiny_models.py} and committed under
 * {@code src/test/resources/models}, with the PyTorch reference outputs the script wrote.
 */
public final class TinyModels {

  public static final List<String> NAMES = List.of("tiny-gpt2", "tiny-llama", "tiny-llama-fp16kv");

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
