/**
 * Measuring the retriever: {@link dev.quarry.retriever.eval.BeirDataset} reads any BEIR dataset,
 * {@link dev.quarry.retriever.eval.RetrievalEvaluation} indexes its corpus into a real index and
 * runs every query in every mode, {@link dev.quarry.retriever.eval.Metrics} scores the rankings,
 * and {@link dev.quarry.retriever.eval.EvalCommand} is {@code ./quarry eval}.
 */
package dev.quarry.retriever.eval;
