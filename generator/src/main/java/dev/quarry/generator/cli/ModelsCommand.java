package dev.quarry.generator.cli;

import dev.quarry.generator.GeneratorException;
import dev.quarry.generator.model.HubClient;
import dev.quarry.generator.model.InstalledModel;
import dev.quarry.generator.model.ModelStore;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./quarry models pull|list|rm}: the generator models under {@code $QUARRY_DATA_DIR/models}.
 * Errors print one line and exit with status 1.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Download, list and remove generator models.",
    subcommands = {
      ModelsCommand.Pull.class,
      ModelsCommand.ListModels.class,
      ModelsCommand.Remove.class
    })
public final class ModelsCommand {

  @Option(
      names = "--data-dir",
      description = "Quarry's data directory (default: $QUARRY_DATA_DIR or ./data).")
  Path dataDir = Path.of(Optional.ofNullable(System.getenv("QUARRY_DATA_DIR")).orElse("data"));

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, for the launcher and for tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ModelsCommand());
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (!(e instanceof GeneratorException)) {
            throw e;
          }
          line.getErr().println("quarry models: " + e.getMessage());
          return 1;
        });
    return cl;
  }

  ModelStore store() {
    return new ModelStore(dataDir);
  }

  @Command(
      name = "pull",
      mixinStandardHelpOptions = true,
      description = "Download a model from the Hugging Face hub.")
  static final class Pull implements Runnable {
    @CommandLine.ParentCommand ModelsCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "REPO",
        description = "Hub repository id, e.g. onnx-community/Qwen2.5-0.5B-Instruct")
    String repo;

    @Option(names = "--revision", description = "Branch, tag or commit (default: main).")
    String revision = "main";

    @Option(names = "--subfolder", description = "Folder holding the ONNX graph, e.g. onnx.")
    String subfolder = "";

    @Option(names = "--graph", description = "Graph file to take, e.g. model_q4.onnx.")
    String graph;

    @Option(names = "--name", description = "Local name (default: the part of REPO after '/').")
    String name;

    @Option(
        names = "--endpoint",
        description = "Hub address (default: $HF_ENDPOINT or https://huggingface.co).")
    String endpoint =
        Optional.ofNullable(System.getenv("HF_ENDPOINT")).orElse("https://huggingface.co");

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      String local = name == null ? ModelStore.defaultName(repo) : name;
      ExecutorService pool =
          Executors.newCachedThreadPool(
              BasicThreadFactory.builder()
                  .namingPattern("quarry-hub-http-%d")
                  .daemon(true)
                  .build());
      try {
        HttpClient http =
            HttpClient.newBuilder()
                .executor(pool)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        HubClient hub =
            new HubClient(
                URI.create(endpoint), http, Optional.ofNullable(System.getenv("HF_TOKEN")));
        Path path =
            parent
                .store()
                .pull(
                    hub,
                    repo,
                    revision,
                    subfolder,
                    Optional.ofNullable(graph),
                    local,
                    new DownloadBar(System.err, System.console() != null));
        out.println("pulled " + repo + "@" + revision + " into " + path);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models on disk.")
  static final class ListModels implements Runnable {
    @CommandLine.ParentCommand ModelsCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      List<InstalledModel> models = parent.store().list();
      if (models.isEmpty()) {
        out.println("no models in " + parent.dataDir.resolve("models") + "; see 'models pull'");
      }
      for (InstalledModel m : models) {
        out.printf(
            "%-40s %10s  %s%n", m.name(), human(m.bytes()), m.complete() ? "ready" : "incomplete");
      }
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a model from disk.")
  static final class Remove implements java.util.concurrent.Callable<Integer> {
    @CommandLine.ParentCommand ModelsCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The model's local name (see models list).")
    String name;

    @Override
    public Integer call() {
      if (parent.store().remove(name)) {
        spec.commandLine().getOut().println("removed " + name);
        return 0;
      }
      spec.commandLine().getErr().println("quarry models: no model named " + name);
      return 1;
    }
  }

  /** A size for people: 512 B, 3.4 MiB. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
