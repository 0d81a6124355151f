package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBases;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * On a fresh install (no knowledge base at all, and no demo made before), creates the knowledge
 * base "Quarry docs" from the Markdown files of {@code quarry.demo.source} (the project's own
 * docs/), so a newcomer can ask a question at once. A marker file keeps it from coming back after
 * the user deletes it.
 */
@ApplicationScoped
public class DemoKnowledgeBase {

  public static final String NAME = "Quarry docs";

  @Inject QuarryConfig config;
  @Inject KnowledgeBases knowledgeBases;
  @Inject Uploads uploads;

  public Optional<KnowledgeBase> createIfFresh() {
    Path marker = config.dataDir().resolve("demo-created");
    Path source = config.demo().source();
    if (!config.demo().enabled() || Files.exists(marker) || knowledgeBases.count() > 0) {
      return Optional.empty();
    }
    if (!Files.isDirectory(source)) {
      Log.infof("No demo knowledge base: %s is not a folder (quarry.demo.source).", source);
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(source)) {
      List<Path> markdown =
          files
              .filter(p -> p.toString().endsWith(".md"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
      KnowledgeBase kb = knowledgeBases.create(NAME);
      for (Path file : markdown) {
        Uploads.Upload upload = new Uploads.Upload(source.relativize(file).toString(), file);
        uploads.accept(kb, uploads.validate(List.of(upload)).get(0), Optional.empty());
      }
      Files.writeString(marker, kb.id + "\n");
      Log.infof(
          "Created the demo knowledge base '%s' (%s) from %d files of %s",
          NAME, kb.id, markdown.size(), source.toAbsolutePath());
      return Optional.of(kb);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the demo knowledge base from " + source, e);
    }
  }
}
