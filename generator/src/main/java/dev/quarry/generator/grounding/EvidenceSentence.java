package dev.quarry.generator.grounding;

/**
 * One source sentence scored against the question.
 *
 * @param source the source it comes from, cited as {@code [source]} (1-based)
 * @param index its position among that source's sentences (0-based)
 * @param text the sentence, whitespace collapsed
 * @param shape prose, table row or debris
 * @param similarity cosine between the sentence's and the question's embeddings
 * @param coverage share of the question's content words the sentence contains
 * @param score the support score: {@code w · similarity + (1 − w) · coverage}, in [0, 1]
 * @param inContext cosine between the question embedded as a search query ({@link
 *     SentenceEmbedder#embedQuery}) and the sentence embedded after its source's heading path or
 *     title ({@link SentenceContext}): how well the sentence, read where it stands, answers
 */
public record EvidenceSentence(
    int source,
    int index,
    String text,
    TextShape shape,
    double similarity,
    double coverage,
    double score,
    double inContext) {}
