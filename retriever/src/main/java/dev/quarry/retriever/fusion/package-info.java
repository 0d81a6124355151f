/**
 * Step 3b of a search: merging the BM25 and dense rankings into one. {@link
 * dev.quarry.retriever.fusion.Fusion} is the seam; {@link
 * dev.quarry.retriever.fusion.ReciprocalRankFusion} uses ranks only, {@link
 * dev.quarry.retriever.fusion.WeightedScoreFusion} a convex combination of normalised scores.
 */
package dev.quarry.retriever.fusion;
