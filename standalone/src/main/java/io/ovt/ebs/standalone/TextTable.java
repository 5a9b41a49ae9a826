package io.ovt.ebs.standalone;

import java.util.ArrayList;
import java.util.List;

/**
 * A boxed text table like the OpenStack client prints. Written by hand: it is thirty lines and no
 * table library on the class path would print the seed's exact format.
 */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  TextTable row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "None" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  String render() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    String rule = rule(widths);
    out.append(rule).append(line(header, widths)).append(rule);
    rows.forEach(row -> out.append(line(row, widths)));
    return out.append(rule).toString();
  }

  private static String rule(int[] widths) {
    StringBuilder line = new StringBuilder("+");
    for (int width : widths) {
      line.append("-".repeat(width + 2)).append('+');
    }
    return line.append('\n').toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      line.append(' ').append(String.format("%-" + widths[i] + "s", cells.get(i))).append(" |");
    }
    return line.append('\n').toString();
  }
}
