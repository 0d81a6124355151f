package dev.quarry.ingestion.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the rows of one table and writes each as readable text: the first row is taken as the
 * header, and every later row becomes {@code header: value; header: value}, so a row still reads
 * right when a chunk holds it without the header. One-column tables are layout, not data: their
 * cells are written as paragraphs.
 */
final class TableRows {

  private List<String> header;
  private List<String> cells;
  private StringBuilder cell;

  void startRow() {
    cells = new ArrayList<>();
  }

  void startCell() {
    if (cells == null) {
      startRow();
    }
    cell = new StringBuilder();
  }

  /** Whether characters now belong to a cell. */
  boolean inCell() {
    return cell != null;
  }

  void characters(char[] ch, int start, int length) {
    cell.append(ch, start, length);
  }

  void append(char c) {
    cell.append(c);
  }

  void endCell() {
    if (cell != null) {
      cells.add(BlockWriter.normalize(cell));
      cell = null;
    }
  }

  /** Ends the row and writes it; a row of empty cells writes nothing. */
  void endRow(BlockSink writer) throws BlockWriter.TextLimitException {
    endCell();
    List<String> row = cells == null ? List.of() : cells;
    cells = null;
    if (row.stream().allMatch(String::isEmpty)) {
      return;
    }
    if (row.size() == 1) {
      writer.block(BlockKind.PARAGRAPH, row.get(0));
    } else if (header == null) {
      header = row;
      writer.block(BlockKind.TABLE_ROW, String.join(" | ", row));
    } else {
      writer.block(BlockKind.TABLE_ROW, describe(row));
    }
  }

  private String describe(List<String> row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      String value = row.get(i);
      if (value.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append("; ");
      }
      String name = i < header.size() ? header.get(i) : "";
      out.append(name.isEmpty() ? value : name + ": " + value);
    }
    return out.toString();
  }
}
