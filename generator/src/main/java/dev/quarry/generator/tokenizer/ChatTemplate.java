package dev.quarry.generator.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A model's chat template from {@code tokenizer_config.json}, rendered with Jinjava the way Hugging
 * Face's {@code apply_chat_template} renders it with Jinja2: {@code trim_blocks} and {@code
 * lstrip_blocks} on; {@code messages}, {@code bos_token}, {@code eos_token} and {@code
 * add_generation_prompt} bound; {@code raise_exception} and {@code strftime_now} available.
 * Thread-safe.
 */
public final class ChatTemplate {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String template;
  private final String bosToken;
  private final String eosToken;
  private final Jinjava jinjava;

  /**
   * @param template the Jinja source
   * @param bosToken the beginning-of-sequence marker text ({@code ""} when the model has none)
   * @param eosToken the end-of-sequence marker text
   */
  public ChatTemplate(String template, String bosToken, String eosToken) {
    // Jinjava ignores whitespace control on expression tags ({{- and -}}), which Hugging Face
    // templates such as Qwen2.5's rely on; apply it here, as Jinja2 would.
    this.template =
        Objects.requireNonNull(template, "template")
            .replaceAll("\\s*\\{\\{-", "{{")
            .replaceAll("-}}\\s*", "}}");
    this.bosToken = Objects.requireNonNull(bosToken, "bosToken");
    this.eosToken = Objects.requireNonNull(eosToken, "eosToken");
    this.jinjava =
        new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build());
    jinjava
        .getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition(
                "", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    jinjava
        .getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition(
                "", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
  }

  /**
   * Reads {@code chat_template}, {@code bos_token} and {@code eos_token} from a {@code
   * tokenizer_config.json}.
   *
   * @throws GeneratorException if the file is malformed or has no chat template
   */
  public static ChatTemplate read(Path tokenizerConfig) {
    JsonNode config;
    try {
      config = JSON.readTree(tokenizerConfig.toFile());
    } catch (IOException e) {
      throw new GeneratorException(
          "malformed tokenizer_config.json: " + e.getMessage(), tokenizerConfig, e);
    }
    JsonNode node = config == null ? null : config.get("chat_template");
    String template = null;
    if (node != null && node.isTextual()) {
      template = node.asText();
    } else if (node != null && node.isArray()) { // [{name, template}], as some exports write it
      for (JsonNode named : node) {
        if (named.path("name").asText().equals("default")) {
          template = named.path("template").asText();
        }
      }
    }
    if (template == null) {
      throw new GeneratorException(
          "tokenizer_config.json has no chat_template; use an instruction-tuned model",
          tokenizerConfig);
    }
    return new ChatTemplate(template, token(config, "bos_token"), token(config, "eos_token"));
  }

  /**
   * Renders the conversation.
   *
   * @param addGenerationPrompt whether to open an assistant turn for the model to complete
   * @throws GeneratorException if the template fails (including its own {@code raise_exception})
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> turns =
        messages.stream()
            .map(
                m -> {
                  Map<String, Object> turn = new LinkedHashMap<>();
                  turn.put("role", m.role());
                  turn.put("content", m.content());
                  return turn;
                })
            .toList();
    Map<String, Object> bindings = new HashMap<>();
    bindings.put("messages", turns);
    bindings.put("bos_token", bosToken);
    bindings.put("eos_token", eosToken);
    bindings.put("add_generation_prompt", addGenerationPrompt);
    RenderResult result = jinjava.renderForResult(template, bindings);
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
          if (t instanceof GeneratorException raised) {
            throw raised; // the template's own raise_exception, with its message
          }
        }
        throw new GeneratorException(
            "chat template failed: " + error.getMessage(), null, error.getException());
      }
    }
    return result.getOutput();
  }

  /** Called by templates to reject a conversation (e.g. roles that do not alternate). */
  public static String raiseException(String message) {
    throw new GeneratorException("chat template rejected the conversation: " + message);
  }

  /** {@code strftime_now(format)} of the Llama 3.1+ templates, for today's date. */
  public static String strftimeNow(String format) {
    String pattern = format.replace("%d", "dd").replace("%b", "MMM").replace("%Y", "yyyy");
    return LocalDate.now().format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
  }

  private static String token(JsonNode config, String field) {
    JsonNode node = config.path(field);
    if (node.isObject()) { // {"content": "<s>", "lstrip": false, ...} in older exports
      return node.path("content").asText("");
    }
    return node.isTextual() ? node.asText() : "";
  }
}
