/**
 * Inside the decoding loop, after each forward pass: logits to the next token. {@link
 * dev.quarry.generator.sampling.Sampler} is the seam ({@code ARGMAX}, {@link
 * dev.quarry.generator.sampling.TopPSampler}); {@link
 * dev.quarry.generator.sampling.RepetitionPenalty} reshapes the logits first.
 */
package dev.quarry.generator.sampling;
