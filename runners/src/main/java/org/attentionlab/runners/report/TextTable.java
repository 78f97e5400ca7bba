package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with padded columns, for the terminal. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns);
        }
        rows.add(cells);
        return this;
    }

    /** A report table for the terminal: its title, then the padded columns. */
    public static String render(ReportTable table) {
        TextTable t = new TextTable(table.header().toArray(String[]::new));
        for (java.util.List<String> row : table.rows()) {
            t.row(row.toArray(String[]::new));
        }
        return table.title() + "\n" + t.render();
    }

    public String render() {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(sb, rows.get(r), width);
            if (r == 0) {
                String[] rule = new String[columns];
                for (int c = 0; c < columns; c++) {
                    rule[c] = "-".repeat(width[c]);
                }
                line(sb, rule, width);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            line.append(cells[c]);
            if (c < cells.length - 1) {
                line.append(" ".repeat(width[c] - cells[c].length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
