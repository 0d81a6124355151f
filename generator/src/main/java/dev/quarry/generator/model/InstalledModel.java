package dev.quarry.generator.model;

import java.nio.file.Path;

/**
 * A model folder under {@code data/models}.
 *
 * @param name the folder name
 * @param path the folder
 * @param bytes total size of its files
 * @param complete whether it holds everything {@link ModelFolder#open} needs
 */
public record InstalledModel(String name, Path path, long bytes, boolean complete) {}
