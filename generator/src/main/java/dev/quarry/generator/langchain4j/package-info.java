/**
 * Beside the question-to-answer flow: the decoder as LangChain4j {@code ChatModel} and {@code
 * StreamingChatModel}, so LangChain4j applications (AI services, RAG augmentors) can use it.
 */
package dev.quarry.generator.langchain4j;
