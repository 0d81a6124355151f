package dev.quarry.generator.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.TextGenerator;
import dev.quarry.generator.onnx.TokenStreamListener;
import java.util.Objects;

/**
 * The ONNX engine as a LangChain4j {@link ChatModel}: renders the messages with the model's chat
 * template and generates on the calling thread. Request parameters (temperature, top-k, top-p, max
 * output tokens, stop sequences) override the defaults given here. Thread-safe.
 */
public final class OnnxChatModel implements ChatModel {

  private final TextGenerator generator;
  private final GenerationRequest defaults;

  public OnnxChatModel(TextGenerator generator, GenerationRequest defaults) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    String prompt = generator.model().chatTemplate().render(ChatRequests.messages(request), true);
    return ChatRequests.response(
        generator.generate(
            prompt,
            ChatRequests.generation(request, defaults),
            TokenStreamListener.NONE,
            new CancellationSignal()),
        generator.model().path().getFileName().toString());
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }
}
