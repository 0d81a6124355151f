package dev.quarry.ingestion.cli;

import dev.quarry.retriever.cli.Cli;
import dev.quarry.retriever.cli.DataDirectory;
import dev.quarry.retriever.embed.EmbedderSettings;
import dev.quarry.retriever.embed.EmbeddingModels;
import dev.quarry.retriever.index.ChunkIndex;
import dev.quarry.retriever.index.ChunkIndexCopy;
import dev.quarry.retriever.index.ChunkIndexes;
import dev.quarry.retriever.index.IndexSettings;
import dev.quarry.retriever.index.IndexStore;
import dev.quarry.retriever.opensearch.OpenSearchIndexes;
import dev.quarry.retriever.opensearch.OpenSearchSettings;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./quarry index copy --kb <kb> --to opensearch|embedded}: moves a knowledge base's index
 * between the embedded engine ({@code <data-dir>/indexes/<kb>}) and an OpenSearch cluster, from its
 * stored chunks ({@link ChunkIndexCopy}); run it with the server stopped (the embedded index has
 * one writer), then start the server with the other {@code quarry.index.backend}.
 */
@Command(
    name = "index copy",
    mixinStandardHelpOptions = true,
    description = {
      "Copies a knowledge base's index between the embedded engine and an OpenSearch cluster,"
          + " from its stored chunks (no file is read again). Restartable: run it again after a"
          + " failure and it goes on where it stopped. Stop the server first.",
      "Example: ./quarry index copy --kb 3f2a... --to opensearch --opensearch-url"
          + " http://127.0.0.1:9200"
    })
public final class IndexCopyCommand implements Callable<Integer> {

  /** The engines a knowledge base can move to. */
  enum Engine {
    EMBEDDED,
    OPENSEARCH
  }

  @Option(
      names = "--kb",
      required = true,
      description = "The knowledge base: its id for a server's, its name for ./quarry ingest's")
  String kb;

  @Option(names = "--to", required = true, description = "Where to: ${COMPLETION-CANDIDATES}")
  Engine to;

  @Option(
      names = "--opensearch-url",
      required = true,
      description = "An OpenSearch node's HTTP address, e.g. http://127.0.0.1:9200")
  URI openSearchUrl;

  @Option(
      names = "--opensearch-user",
      description =
          "Basic-auth user of a cluster with the security plugin; the password comes from"
              + " $QUARRY_OPENSEARCH_PASSWORD, never the command line")
  String user;

  @Option(
      names = "--opensearch-ca",
      description =
          "PEM file of the certificates that sign the cluster's (its CA), for an https:// URL the"
              + " JVM does not trust")
  Path caCertificate;

  @Option(
      names = "--opensearch-shards",
      defaultValue = "1",
      description = "Primary shards of a new index on OpenSearch (default: ${DEFAULT-VALUE})")
  int shards;

  @Option(
      names = "--opensearch-replicas",
      defaultValue = "1",
      description = "Replicas of each shard of a new index (default: ${DEFAULT-VALUE})")
  int replicas;

  @Option(
      names = "--data-dir",
      description = "Data directory (default: $QUARRY_DATA_DIR, else ./data)")
  Path dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Cli.exec(new IndexCopyCommand(), args);
  }

  private OpenSearchSettings clusterSettings() {
    String password = System.getenv("QUARRY_OPENSEARCH_PASSWORD");
    if (user != null && (password == null || password.isEmpty())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--opensearch-user needs the password in $QUARRY_OPENSEARCH_PASSWORD");
    }
    try {
      OpenSearchSettings os =
          OpenSearchSettings.local(openSearchUrl)
              .withLayout(shards, replicas)
              .withCredentials(user, user == null ? null : password);
      return caCertificate == null ? os : os.withCaCertificate(caCertificate);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    IndexStore.requireValidName(kb);
    Path indexes = DataDirectory.indexes(DataDirectory.resolve(dataDir));
    if (to == Engine.OPENSEARCH && !Files.isDirectory(indexes.resolve(kb))) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "No embedded index of '" + kb + "' in " + indexes + " to copy from.");
    }
    OpenSearchSettings os = clusterSettings();
    try (EmbeddingModels models = EmbeddingModels.bundled(EmbedderSettings.defaults());
        IndexStore store = new IndexStore(indexes, IndexSettings.defaults(), models);
        OpenSearchIndexes cluster = new OpenSearchIndexes(os, IndexSettings.defaults(), models)) {
      ChunkIndexes from = to == Engine.OPENSEARCH ? store : cluster;
      ChunkIndexes into = to == Engine.OPENSEARCH ? cluster : store;
      ChunkIndex source = from.openOrCreate(kb);
      // The vectors are copied, so the target is built with the source's model.
      ChunkIndex target = into.openOrCreate(kb, source.embedder().info().name());
      int documents = source.documentIds().size();
      out.printf(
          "Copying %s: %d documents from %s to %s%n",
          kb, documents, source.location(), target.location());
      ChunkIndexCopy.Result r;
      try (ProgressBar bar =
          IngestProgress.bar(out, System.console() != null, "Copying", " documents", documents)) {
        r = ChunkIndexCopy.copy(source, target, (id, copied) -> bar.step());
      }
      out.printf(
          "Done: %d documents, %d copied (%d chunks), %d already there, %d removed from the target."
              + "%nStart the server with quarry.index.backend=%s to use it.%n",
          r.documents(), r.copied(), r.chunks(), r.skipped(), r.removed(), to.name().toLowerCase());
      return 0;
    }
  }
}
