// Parses every .html file of the folders given, as Quarry's ingestion does (TikaDocumentParser
// with its default limits), and counts what came out: blocks, characters, headings, headings seen
// twice in one page (a table of contents taken for headings), table rows, short blocks that name
// "Up" beside "Next"/"Previous" (page navigation), and pilcrows (self-link debris). Run from the
// repository root, after a build, with the ingestion module's class path; the classes folder of an
// older build gives the figures before a change:
//
//   CLASSPATH="ingestion/target/classes:$(cat ingestion/target/classpath.txt)" \
//       java bench/scripts/html-structure.java /usr/share/doc/valgrind/html
import dev.quarry.ingestion.IngestionException;
import dev.quarry.ingestion.parse.BlockKind;
import dev.quarry.ingestion.parse.ParseLimits;
import dev.quarry.ingestion.parse.ParsedDocument;
import dev.quarry.ingestion.parse.TextBlock;
import dev.quarry.ingestion.parse.TikaDocumentParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public class HtmlStructure {

  private static final Pattern NAVIGATION =
      Pattern.compile("(?s)(?=.*\\bUp\\b)(?=.*\\b(?:Next|Previous|Prev)\\b).*");

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: html-structure.java FOLDER...");
      System.exit(2);
    }
    TikaDocumentParser parser = new TikaDocumentParser(ParseLimits.defaults());
    int pages = 0, failed = 0, blocks = 0, headings = 0, twice = 0, rows = 0, navigation = 0;
    int pilcrows = 0;
    long chars = 0;
    for (String folder : args) {
      List<Path> files;
      try (var list = Files.list(Path.of(folder))) {
        files = list.filter(f -> f.toString().endsWith(".html")).sorted().toList();
      }
      for (Path file : files) {
        pages++;
        ParsedDocument doc;
        try {
          doc = parser.parse(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IngestionException e) {
          failed++;
          System.out.println("failed: " + file + ": " + e.getMessage());
          continue;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (TextBlock b : doc.blocks()) {
          String text = doc.textOf(b);
          blocks++;
          chars += text.length();
          if (b.kind() == BlockKind.HEADING) {
            headings++;
            twice += seen.merge(text, 1, Integer::sum) == 2 ? 1 : 0;
          }
          rows += b.kind() == BlockKind.TABLE_ROW ? 1 : 0;
          navigation += text.length() < 120 && NAVIGATION.matcher(text).matches() ? 1 : 0;
          pilcrows += text.indexOf('¶') >= 0 ? 1 : 0;
        }
      }
    }
    System.out.printf(
        "pages %d, failed %d, blocks %d, characters %d, headings %d, headings seen twice in a page"
            + " %d, table rows %d, navigation lines %d, blocks with a pilcrow %d%n",
        pages, failed, blocks, chars, headings, twice, rows, navigation, pilcrows);
  }
}
