/**
 * Step 5 of the question-to-answer flow done elsewhere: the grounded prompt's messages go to an
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, LM Studio) through LangChain4j's
 * OpenAI chat models, and its text comes back as a {@link dev.quarry.generator.LanguageModel}'s
 * would. Everything around it — prompt, citations, grounding, abstention — stays in {@link
 * dev.quarry.generator.AnswerGenerator}.
 */
package dev.quarry.generator.openai;
