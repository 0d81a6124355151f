package dev.quarry.ingestion.parse;

/**
 * Reads CSV and TSV (RFC 4180 quoting: quoted fields may hold delimiters, doubled quotes and line
 * breaks) into table rows, so each row reads {@code header: value; header: value}. Tika's own CSV
 * handling emits one paragraph for the whole file, which loses the columns.
 */
final class DelimitedText {

  private DelimitedText() {}

  /** Writes the rows of {@code text} to {@code writer}; tabs delimit when {@code tsv}. */
  static void read(String text, boolean tsv, BlockWriter writer)
      throws BlockWriter.TextLimitException {
    char delimiter = tsv ? '\t' : guessDelimiter(text);
    TableRows table = new TableRows();
    boolean quoted = false;
    boolean rowOpen = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!rowOpen) {
        table.startRow();
        table.startCell();
        rowOpen = true;
      }
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          append(table, '"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          append(table, c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        table.endCell();
        table.startCell();
      } else if (c == '\n') {
        table.endRow(writer);
        rowOpen = false;
      } else if (c != '\r') {
        append(table, c);
      }
    }
    if (rowOpen) {
      table.endRow(writer);
    }
  }

  private static void append(TableRows table, char c) {
    table.append(c);
  }

  /** Semicolons delimit when the first line has more of them than commas (European CSV). */
  private static char guessDelimiter(String text) {
    int newline = text.indexOf('\n');
    String first = newline < 0 ? text : text.substring(0, newline);
    long commas = first.chars().filter(ch -> ch == ',').count();
    long semicolons = first.chars().filter(ch -> ch == ';').count();
    return semicolons > commas ? ';' : ',';
  }
}
