package dev.quarry.generator.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.onnx.GenerationRequest;
import dev.quarry.generator.onnx.GenerationResult;
import dev.quarry.generator.sampling.SamplingSettings;
import dev.quarry.generator.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Translates between LangChain4j's chat types and the engine's. */
final class ChatRequests {

  private ChatRequests() {}

  /**
   * @throws GeneratorException for message types the engine cannot render (tools, images)
   */
  static List<ChatMessage> messages(ChatRequest request) {
    List<ChatMessage> out = new ArrayList<>();
    for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        out.add(ChatMessage.system(s.text()));
      } else if (m instanceof UserMessage u && u.hasSingleText()) {
        out.add(ChatMessage.user(u.singleText()));
      } else if (m instanceof AiMessage a && !a.hasToolExecutionRequests()) {
        out.add(ChatMessage.assistant(a.text() == null ? "" : a.text()));
      } else {
        throw new GeneratorException(
            "unsupported message " + m.type() + ": the ONNX generator takes text turns only");
      }
    }
    return out;
  }

  /** The request's sampling parameters over {@code defaults} (temperature 0 or unset: greedy). */
  static GenerationRequest generation(ChatRequest request, GenerationRequest defaults) {
    ChatRequestParameters p = request.parameters();
    if (p == null) {
      return defaults;
    }
    SamplingSettings d = defaults.sampling();
    float temperature =
        Optional.ofNullable(p.temperature()).map(Double::floatValue).orElse(d.temperature());
    SamplingSettings sampling =
        new SamplingSettings(
            temperature,
            temperature == 0 ? 0 : Optional.ofNullable(p.topK()).orElse(d.topK()),
            temperature == 0
                ? 1f
                : Optional.ofNullable(p.topP()).map(Double::floatValue).orElse(d.topP()),
            d.repetitionPenalty(),
            d.seed());
    int maxTokens = Optional.ofNullable(p.maxOutputTokens()).orElse(defaults.maxNewTokens());
    List<String> stops =
        p.stopSequences() == null || p.stopSequences().isEmpty()
            ? defaults.stopStrings()
            : p.stopSequences();
    return new GenerationRequest(maxTokens, sampling, stops);
  }

  static ChatResponse response(GenerationResult result, String modelName) {
    FinishReason reason =
        switch (result.finishReason()) {
          case END_OF_SEQUENCE, STOP_STRING -> FinishReason.STOP;
          case MAX_TOKENS, CONTEXT_FULL -> FinishReason.LENGTH;
          case CANCELLED -> FinishReason.OTHER;
        };
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(result.text()))
        .modelName(modelName)
        .tokenUsage(new TokenUsage(result.promptTokens(), result.tokenIds().length))
        .finishReason(reason)
        .build();
  }
}
