/**
 * Before any question: the generator model on disk. {@link dev.quarry.generator.model.ModelFolder}
 * checks the Hugging Face ONNX layout, {@link dev.quarry.generator.model.ModelConfig} reads its
 * configuration, and the hub classes pull a model into {@code data/models/<name>} and list or
 * remove what is there.
 */
package dev.quarry.generator.model;
