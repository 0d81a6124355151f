package dev.quarry.generator.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.TextGenerator;
import java.util.Objects;

/**
 * The ONNX engine as a LangChain4j {@link StreamingChatModel}. Generation runs on the calling
 * thread; each whole-UTF-8 text delta goes to {@code onPartialResponse}, then {@code
 * onCompleteResponse}; a failure goes to {@code onError} instead. Thread-safe.
 */
public final class OnnxStreamingChatModel implements StreamingChatModel {

  private final TextGenerator generator;
  private final GenerationRequest defaults;

  public OnnxStreamingChatModel(TextGenerator generator, GenerationRequest defaults) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    GenerationResult result;
    try {
      String prompt = generator.model().chatTemplate().render(ChatRequests.messages(request), true);
      result =
          generator.generate(
              prompt,
              ChatRequests.generation(request, defaults),
              handler::onPartialResponse,
              new CancellationSignal());
    } catch (RuntimeException e) {
      handler.onError(e); // the streaming contract: errors go to the handler, not the caller
      return;
    }
    handler.onCompleteResponse(
        ChatRequests.response(result, generator.model().path().getFileName().toString()));
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }
}
