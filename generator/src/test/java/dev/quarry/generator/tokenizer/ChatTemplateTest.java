package dev.quarry.generator.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.generator.GeneratorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chat templates of real model families, rendered by Jinjava, against what Hugging Face's
 * {@code apply_chat_template} produces for them.
 */
class ChatTemplateTest {

  private static final List<ChatMessage> CONVERSATION =
      List.of(
          ChatMessage.system("You are a helpful assistant."),
          ChatMessage.user("Hello"),
          ChatMessage.assistant("Hi! How can I help?"),
          ChatMessage.user("What is RAG?"));

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of(
            "qwen2.5.jinja",
            "",
            "<|im_end|>",
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello<|im_end|>\n"
                + "<|im_start|>assistant\nHi! How can I help?<|im_end|>\n"
                + "<|im_start|>user\nWhat is RAG?<|im_end|>\n"
                + "<|im_start|>assistant\n"),
        Arguments.of(
            "llama3.jinja",
            "<|begin_of_text|>",
            "<|eot_id|>",
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "You are a helpful assistant.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHi! How can I help?<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is RAG?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"),
        Arguments.of(
            "phi3.jinja",
            "<s>",
            "<|endoftext|>",
            "<|system|>\nYou are a helpful assistant.<|end|>\n"
                + "<|user|>\nHello<|end|>\n"
                + "<|assistant|>\nHi! How can I help?<|end|>\n"
                + "<|user|>\nWhat is RAG?<|end|>\n"
                + "<|assistant|>\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void should_render_like_hugging_face_when_adding_a_generation_prompt(
      String file, String bos, String eos, String expected) {
    // given
    ChatTemplate template = new ChatTemplate(resource(file), bos, eos);

    // when
    String rendered = template.render(CONVERSATION, true);

    // then
    assertThat(rendered).isEqualTo(expected);
  }

  @Test
  void should_insert_the_default_system_prompt_when_qwen_gets_no_system_message() {
    // given
    ChatTemplate template = new ChatTemplate(resource("qwen2.5.jinja"), "", "<|im_end|>");

    // when
    String rendered = template.render(List.of(ChatMessage.user("Hello")), false);

    // then
    assertThat(rendered)
        .isEqualTo(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                + " assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n");
  }

  @Test
  void should_end_with_eos_when_phi3_gets_no_generation_prompt() {
    // given
    ChatTemplate template = new ChatTemplate(resource("phi3.jinja"), "<s>", "<|endoftext|>");

    // when
    String rendered = template.render(List.of(ChatMessage.user("Hi")), false);

    // then
    assertThat(rendered).isEqualTo("<|user|>\nHi<|end|>\n<|endoftext|>");
  }

  @Test
  void should_trim_message_content_when_llama3_renders_it() {
    // given
    ChatTemplate template =
        new ChatTemplate(resource("llama3.jinja"), "<|begin_of_text|>", "<|eot_id|>");

    // when
    String rendered = template.render(List.of(ChatMessage.user("  padded \n")), false);

    // then
    assertThat(rendered)
        .isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\npadded<|eot_id|>");
  }

  @Test
  void should_throw_the_templates_message_when_it_raises_an_exception() {
    // given
    ChatTemplate template =
        new ChatTemplate(
            "{% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversation roles must"
                + " alternate') }}{% endif %}ok",
            "", "");

    // when / then
    assertThatThrownBy(() -> template.render(List.of(ChatMessage.assistant("x")), true))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("Conversation roles must alternate");
  }

  @Test
  void should_read_named_templates_and_object_tokens_when_tokenizer_config_uses_them(
      @TempDir Path dir) throws IOException {
    // given: the older export style: a list of named templates, tokens as AddedToken objects
    Path config = dir.resolve("tokenizer_config.json");
    Files.writeString(
        config,
        "{\"bos_token\": {\"content\": \"<s>\", \"lstrip\": false},"
            + " \"eos_token\": \"</s>\","
            + " \"chat_template\": [{\"name\": \"tool_use\", \"template\": \"x\"},"
            + " {\"name\": \"default\", \"template\": \"{{ bos_token }}{% for m in messages"
            + " %}{{ m['content'] }}{% endfor %}{{ eos_token }}\"}]}");

    // when
    String rendered = ChatTemplate.read(config).render(List.of(ChatMessage.user("hi")), false);

    // then
    assertThat(rendered).isEqualTo("<s>hi</s>");
  }

  @Test
  void should_fail_clearly_when_tokenizer_config_has_no_chat_template(@TempDir Path dir)
      throws IOException {
    // given
    Path config = dir.resolve("tokenizer_config.json");
    Files.writeString(config, "{\"eos_token\": \"</s>\"}");

    // when / then
    assertThatThrownBy(() -> ChatTemplate.read(config))
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("no chat_template");
  }

  private static String resource(String name) {
    try (InputStream in = ChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
