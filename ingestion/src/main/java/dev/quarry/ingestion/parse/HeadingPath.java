package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.List;

/** The headings currently open, by level 1..6: a new heading closes every deeper one. */
final class HeadingPath {

  private final String[] levels = new String[6];

  /** Opens {@code heading} at {@code level} (1..6) and closes the deeper levels. */
  void open(int level, String heading) {
    int i = Math.max(1, Math.min(6, level)) - 1;
    levels[i] = heading;
    for (int j = i + 1; j < levels.length; j++) {
      levels[j] = null;
    }
  }

  /** The open headings, outermost first. */
  List<String> current() {
    List<String> path = new ArrayList<>();
    for (String h : levels) {
      if (h != null) {
        path.add(h);
      }
    }
    return path;
  }
}
