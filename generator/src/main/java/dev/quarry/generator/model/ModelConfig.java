package dev.quarry.generator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the generator needs from {@code config.json} and {@code generation_config.json}.
 *
 * @param modelType the family, e.g. {@code llama}, {@code qwen2}, {@code gpt2}
 * @param layers transformer layers
 * @param attentionHeads query heads
 * @param keyValueHeads key/value heads (fewer than query heads with grouped-query attention)
 * @param headDim size of one head
 * @param vocabSize rows of the logits
 * @param contextWindow most tokens (prompt + answer) the model may see
 * @param eosTokenIds end-of-sequence ids from both files, in order, without duplicates
 * @param bosTokenId the beginning-of-sequence id, or -1 when the model has none
 */
public record ModelConfig(
    String modelType,
    int layers,
    int attentionHeads,
    int keyValueHeads,
    int headDim,
    int vocabSize,
    int contextWindow,
    List<Integer> eosTokenIds,
    int bosTokenId) {

  /** Decoder-only families whose Optimum ONNX export this engine runs. */
  public static final Set<String> SUPPORTED_TYPES =
      Set.of("gpt2", "llama", "qwen2", "qwen3", "phi3", "mistral", "granite", "olmo");

  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelConfig {
    Objects.requireNonNull(modelType, "modelType");
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  /**
   * Reads and validates both configuration files of a model folder.
   *
   * @throws GeneratorException if a file is malformed, a field is missing, or the family is not a
   *     supported decoder-only one
   */
  public static ModelConfig read(ModelFolder folder) {
    JsonNode config = readJson(folder.config());
    JsonNode generation = readJson(folder.generationConfig());
    String type = config.path("model_type").asText("");
    if (!SUPPORTED_TYPES.contains(type)) {
      throw new GeneratorException(
          "unsupported architecture '"
              + type
              + "' "
              + config.path("architectures")
              + "; supported decoder-only families: "
              + SUPPORTED_TYPES.stream().sorted().toList(),
          folder.root());
    }
    boolean gpt2 = type.equals("gpt2");
    int hidden = required(config, gpt2 ? "n_embd" : "hidden_size", folder);
    int heads = required(config, gpt2 ? "n_head" : "num_attention_heads", folder);
    int kvHeads = config.path("num_key_value_heads").asInt(heads);
    int headDim = config.path("head_dim").asInt(hidden / heads);
    int layers = required(config, gpt2 ? "n_layer" : "num_hidden_layers", folder);
    int context = required(config, gpt2 ? "n_positions" : "max_position_embeddings", folder);
    int vocab = required(config, "vocab_size", folder);
    Set<Integer> eos = new LinkedHashSet<>();
    addIds(eos, generation.path("eos_token_id"));
    addIds(eos, config.path("eos_token_id"));
    int bos = generation.path("bos_token_id").asInt(config.path("bos_token_id").asInt(-1));
    return new ModelConfig(
        type, layers, heads, kvHeads, headDim, vocab, context, List.copyOf(eos), bos);
  }

  /** Reads one JSON file of the model folder. */
  static JsonNode readJson(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) {
        throw new GeneratorException(
            "malformed " + file.getFileName() + ": not a JSON object", file);
      }
      return node;
    } catch (IOException e) {
      throw new GeneratorException(
          "malformed " + file.getFileName() + ": " + e.getMessage(), file, e);
    }
  }

  private static int required(JsonNode config, String field, ModelFolder folder) {
    JsonNode value = config.get(field);
    if (value == null || !value.canConvertToInt() || value.asInt() < 1) {
      throw new GeneratorException(
          "config.json has no positive integer '" + field + "'", folder.root());
    }
    return value.asInt();
  }

  private static void addIds(Set<Integer> ids, JsonNode node) {
    if (node.isInt()) {
      ids.add(node.asInt());
    } else if (node.isArray()) {
      node.forEach(n -> ids.add(n.asInt()));
    }
  }
}
