package dev.quarry.generator.openai;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModelName;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.LanguageModel;
import dev.quarry.generator.onnx.CancellationSignal;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.onnx.GenerationTimings;
import dev.quarry.generator.onnx.TokenStreamListener;
import dev.quarry.generator.prompt.GroundedPrompt;
import dev.quarry.generator.sampling.SamplingSettings;
import dev.quarry.generator.tokenizer.ChatMessage;
import dev.quarry.generator.tokenizer.ChatTemplate;
import java.util.Objects;

/**
 * A model behind an OpenAI-compatible server ({@code POST <base-url>/chat/completions}), called
 * through LangChain4j's {@link OpenAiStreamingChatModel} or {@link OpenAiChatModel}. The server
 * gets the grounded prompt's system and user messages and applies its model's chat template itself;
 * greedy sampling is sent as temperature 0. Tokens are estimated with OpenAI's o200k tokenizer (the
 * server's own is unknown here), so keep {@link OpenAiSettings#contextWindow()} a little below the
 * server's.
 *
 * <p>Failures are typed ({@link RemoteFailures}); no request is retried here: the caller decides by
 * the type. A streamed reply is handed to the listener on the calling thread and cancelled within
 * {@code 50 ms} of the caller's cancellation; a reply in one piece cannot be cut short, so
 * cancellation is honoured before it is asked for. Thread-safe.
 */
public final class OpenAiLanguageModel implements LanguageModel {

  /**
   * Renders the messages plainly: the server applies the real template, this text only stands for
   * the prompt's size and is what {@link GroundedPrompt#text()} records.
   */
  private static final ChatTemplate PLAIN =
      new ChatTemplate(
          "{% for m in messages %}{{ m.role }}:\n{{ m.content }}\n\n{% endfor %}", "", "");

  private final OpenAiSettings settings;
  private final StreamingChatModel streaming;
  private final ChatModel whole;
  private final TokenCountEstimator tokens =
      new OpenAiTokenCountEstimator(OpenAiChatModelName.GPT_4_O);
  private final RemoteFailures failures;

  public OpenAiLanguageModel(OpenAiSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.failures = new RemoteFailures(settings);
    String key = settings.apiKey().orElse(null);
    this.streaming =
        settings.streaming()
            ? OpenAiStreamingChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(key)
                .modelName(settings.model())
                .timeout(settings.timeout())
                .build()
            : null;
    this.whole =
        settings.streaming()
            ? null
            : OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(key)
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(0) // a failure is typed and reaches the caller, which decides
                .build();
  }

  public OpenAiSettings settings() {
    return settings;
  }

  @Override
  public ChatTemplate chatTemplate() {
    return PLAIN;
  }

  @Override
  public int countTokens(String text) {
    return tokens.estimateTokenCountInText(text);
  }

  @Override
  public int contextWindow() {
    return settings.contextWindow();
  }

  /**
   * @throws dev.quarry.generator.GeneratorUnavailableException if the server cannot be reached,
   *     fails, is overloaded, or sends nothing for {@link OpenAiSettings#timeout()}
   * @throws dev.quarry.generator.ModelRejectedException if the server refuses the request
   */
  @Override
  public GenerationResult generate(
      GroundedPrompt prompt,
      GenerationRequest request,
      TokenStreamListener listener,
      CancellationSignal cancellation) {
    long t0 = System.nanoTime();
    RemoteReply reply;
    if (cancellation.isCancelled()) {
      reply = RemoteReply.cancelled("");
    } else if (streaming != null) {
      reply = streamed(chatRequest(prompt, request), listener, cancellation);
    } else {
      reply = inOnePiece(chatRequest(prompt, request), listener);
    }
    int answerTokens = reply.answerTokens() >= 0 ? reply.answerTokens() : countTokens(reply.text());
    long nanos = System.nanoTime() - t0;
    return new GenerationResult(
        reply.text(),
        new long[answerTokens], // the server sends no ids; the length is the count it reports
        reply.promptTokens() >= 0 ? reply.promptTokens() : prompt.tokens(),
        reply.finish(),
        new GenerationTimings(0, nanos, 0, 0, answerTokens));
  }

  private RemoteReply streamed(
      ChatRequest chat, TokenStreamListener listener, CancellationSignal cancellation) {
    StreamRelay relay = new StreamRelay();
    try {
      streaming.chat(chat, relay);
    } catch (RuntimeException e) {
      throw failures.of(e);
    }
    return relay.relay(listener, cancellation, settings.timeout(), failures);
  }

  private RemoteReply inOnePiece(ChatRequest chat, TokenStreamListener listener) {
    RemoteReply reply;
    try {
      reply = RemoteReply.of(whole.chat(chat));
    } catch (RuntimeException e) {
      throw failures.of(e);
    }
    if (!reply.text().isEmpty()) {
      listener.onText(reply.text());
    }
    return reply;
  }

  private ChatRequest chatRequest(GroundedPrompt prompt, GenerationRequest request) {
    SamplingSettings sampling = request.sampling();
    DefaultChatRequestParameters.Builder<?> parameters =
        ChatRequestParameters.builder()
            .modelName(settings.model())
            .maxOutputTokens(request.maxNewTokens())
            .temperature((double) sampling.temperature());
    if (sampling.temperature() > 0) {
      parameters.topP((double) sampling.topP());
    }
    if (!request.stopStrings().isEmpty()) {
      parameters.stopSequences(request.stopStrings());
    }
    return ChatRequest.builder()
        .messages(prompt.messages().stream().map(OpenAiLanguageModel::message).toList())
        .parameters(parameters.build())
        .build();
  }

  private static dev.langchain4j.data.message.ChatMessage message(ChatMessage m) {
    return switch (m.role()) {
      case "system" -> SystemMessage.from(m.content());
      case "user" -> UserMessage.from(m.content());
      case "assistant" -> AiMessage.from(m.content());
      default -> throw new GeneratorException("a prompt message has the unknown role " + m.role());
    };
  }

  @Override
  public String toString() {
    return "OpenAI-compatible model '" + settings.model() + "' at " + settings.baseUrl();
  }
}
