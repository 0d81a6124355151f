package dev.quarry.generator.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.testing.TinyModels;
import dev.quarry.generator.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OnnxChatModelTest {

  private final TextGenerator generator = new TextGenerator(TinyModels.model("tiny-llama"));

  @Test
  void should_answer_like_the_engine_when_called_through_langchain4j() {
    // given
    OnnxChatModel model = new OnnxChatModel(generator, GenerationRequest.greedy(10));
    String prompt =
        generator
            .model()
            .chatTemplate()
            .render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello")), true);
    String direct =
        generator
            .generate(
                prompt,
                GenerationRequest.greedy(10),
                TokenStreamListener.NONE,
                new CancellationSignal())
            .text();

    // when
    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(SystemMessage.from("Be brief."), UserMessage.from("Hello"))
                .build());

    // then
    assertThat(response.aiMessage().text()).isEqualTo(direct);
    assertThat(response.tokenUsage().inputTokenCount())
        .isEqualTo(generator.model().tokenizer().count(prompt));
  }

  @Test
  void should_stream_partials_then_complete_when_called_as_streaming_model() {
    // given
    OnnxStreamingChatModel model =
        new OnnxStreamingChatModel(generator, GenerationRequest.greedy(10));
    List<String> partials = new ArrayList<>();
    AtomicReference<ChatResponse> complete = new AtomicReference<>();

    // when
    model.chat(
        ChatRequest.builder().messages(UserMessage.from("Hello")).maxOutputTokens(6).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            partials.add(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            complete.set(response);
          }

          @Override
          public void onError(Throwable error) {
            throw new AssertionError(error);
          }
        });

    // then
    assertThat(String.join("", partials)).isEqualTo(complete.get().aiMessage().text());
    assertThat(complete.get().tokenUsage().outputTokenCount()).isLessThanOrEqualTo(6);
    if (complete.get().tokenUsage().outputTokenCount() == 6) {
      assertThat(complete.get().finishReason()).isEqualTo(FinishReason.LENGTH);
    }
  }

  @Test
  void should_report_an_error_to_the_handler_when_the_request_has_tool_results() {
    // given
    OnnxStreamingChatModel model =
        new OnnxStreamingChatModel(generator, GenerationRequest.greedy(4));
    AtomicReference<Throwable> error = new AtomicReference<>();

    // when
    model.chat(
        ChatRequest.builder()
            .messages(
                UserMessage.from("Hi"), ToolExecutionResultMessage.from("id", "tool", "result"))
            .build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            throw new AssertionError("no response expected");
          }

          @Override
          public void onError(Throwable e) {
            error.set(e);
          }
        });

    // then
    assertThat(error.get())
        .isInstanceOf(GeneratorException.class)
        .hasMessageContaining("text turns only");
  }
}
