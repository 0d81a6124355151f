package dev.quarry.api.ingest;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Says, for a person, why an index cannot be used right now, from the failure's causes (by type,
 * never by message text). The words never advise deleting anything: an outage is expected to pass,
 * and the server log keeps the full failure.
 */
final class IndexProblems {

  private IndexProblems() {}

  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof LockObtainFailedException) {
        return "it is locked by another process (write.lock)";
      }
      if (t instanceof AccessDeniedException denied) {
        return "no permission to write " + denied.getFile();
      }
      if (t instanceof FileSystemException fs) {
        return "the file system refused: "
            + (fs.getReason() == null ? String.valueOf(fs.getFile()) : fs.getReason());
      }
      if (t instanceof AlreadyClosedException) {
        return "its writer stopped after an earlier error";
      }
    }
    return "it cannot be opened now (the server log has the details)";
  }
}
