/**
 * Before any question, on the command line: {@code ./quarry models pull|list|rm} puts generator
 * models into {@code data/models} (see {@link dev.quarry.generator.model.ModelStore}).
 */
package dev.quarry.generator.cli;
