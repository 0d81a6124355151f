package dev.quarry.api.ingest;

import dev.quarry.api.QuarryConfig;
import dev.quarry.api.catalogue.CatalogueLocks;
import dev.quarry.api.catalogue.Document;
import dev.quarry.api.catalogue.KnowledgeBase;
import dev.quarry.api.catalogue.KnowledgeBases;
import dev.quarry.ingestion.sync.FolderScan;
import dev.quarry.ingestion.sync.FolderScanner;
import dev.quarry.ingestion.sync.KnownDocument;
import dev.quarry.ingestion.sync.LocalFile;
import dev.quarry.ingestion.sync.SyncFolderException;
import dev.quarry.ingestion.sync.SyncPlan;
import dev.quarry.ingestion.sync.SyncSummary;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The server's side of folder sync: every {@code quarry.sync.interval}, each folder of {@code
 * quarry.sync.folders} is scanned and its knowledge base brought in line with it by the same {@link
 * SyncPlan} as {@code ./quarry sync}, through {@link Uploads} and {@link Renames}. A folder that
 * cannot be listed changes nothing; a change that fails is logged and the others go on.
 */
@ApplicationScoped
public class FolderSync {

  @Inject QuarryConfig config;
  @Inject KnowledgeBases knowledgeBases;
  @Inject Uploads uploads;
  @Inject Renames renames;

  @Inject CatalogueLocks serverLocks;

  private final FolderScanner scanner = new FolderScanner();

  @Scheduled(
      identity = "quarry-folder-sync",
      every = "${quarry.sync.interval:PT1M}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    config
        .sync()
        .folders()
        .forEach(
            (kbName, folder) -> {
              try {
                // several servers on one catalogue: one of them polls a folder at a time
                Optional<SyncSummary> polled =
                    serverLocks.ifFree(
                        CatalogueLocks.FOLDERS,
                        CatalogueLocks.keyOf(kbName),
                        () -> sync(kbName, folder.path()));
                if (polled.isEmpty()) {
                  Log.debugf("Folder sync into '%s': another server is polling it", kbName);
                  return;
                }
                SyncSummary summary = polled.get();
                if (summary.added() + summary.updated() + summary.renamed() + summary.deleted() > 0
                    || !summary.succeeded()) {
                  Log.infof("Folder sync %s -> '%s': %s", folder.path(), kbName, summary.line());
                }
              } catch (SyncFolderException e) {
                Log.warnf("Folder sync into '%s' skipped: %s", kbName, e.getMessage());
              } catch (RuntimeException e) {
                Log.warnf(e, "Folder sync %s -> '%s' failed", folder.path(), kbName);
              }
            });
  }

  /**
   * Brings knowledge base {@code kbName} (created when missing) in line with {@code folder}.
   *
   * @throws SyncFolderException when the folder cannot be listed; nothing is changed then
   */
  public SyncSummary sync(String kbName, Path folder) {
    FolderScan scan = scanner.scan(folder);
    KnowledgeBase kb = knowledgeBase(kbName);
    List<KnownDocument> known =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    Document.<Document>list("kbId", kb.id).stream()
                        .map(d -> new KnownDocument(d.id, d.name, d.sha256))
                        .toList());
    SyncPlan plan = SyncPlan.between(scan, known);
    scan.unreadable()
        .forEach(u -> Log.warnf("Folder sync: cannot read %s (%s)", u.name(), u.reason()));
    int renamed = 0;
    for (SyncPlan.Rename r : plan.renames()) {
      renamed += change(r.to(), () -> renames.rename(kb, r.document().id(), r.to()));
    }
    int updated = 0;
    for (SyncPlan.Update u : plan.updates()) {
      updated +=
          change(u.file().name(), () -> upload(kb, u.file(), Optional.of(u.document().id())));
    }
    int added = 0;
    for (SyncPlan.Add a : plan.adds()) {
      added += change(a.file().name(), () -> upload(kb, a.file(), Optional.empty()));
    }
    int deleted = 0;
    for (SyncPlan.Delete d : plan.deletes()) {
      deleted += change(d.document().name(), () -> uploads.delete(kb, d.document().id()));
    }
    int failed = plan.unreadable().size() + plan.changes() - renamed - updated - added - deleted;
    return new SyncSummary(added, updated, renamed, deleted, plan.unchanged().size(), failed);
  }

  private void upload(KnowledgeBase kb, LocalFile file, Optional<String> id) {
    Uploads.Checked checked =
        uploads.validate(List.of(new Uploads.Upload(file.name(), file.path()))).get(0);
    uploads.accept(kb, checked, id);
  }

  /** Makes one change: 1 when done, 0 when it failed (logged with its reason). */
  private static int change(String name, Runnable change) {
    try {
      change.run();
      return 1;
    } catch (RuntimeException e) {
      Log.warnf("Folder sync: %s not synced: %s", name, e.getMessage());
      return 0;
    }
  }

  private KnowledgeBase knowledgeBase(String name) {
    Optional<KnowledgeBase> existing =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    KnowledgeBase.<KnowledgeBase>find("name", name)
                        .firstResultOptional()
                        .filter(KnowledgeBase::isActive));
    return existing.orElseGet(() -> knowledgeBases.create(name));
  }
}
