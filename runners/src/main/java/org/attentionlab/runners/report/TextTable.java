package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with padded columns, for the terminal. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private int lastColumnWidth = Integer.MAX_VALUE;

    public TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    /** Wraps the last column at word boundaries to at most {@code width} characters per line. */
    public TextTable wrapLastColumn(int width) {
        this.lastColumnWidth = width;
        return this;
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns);
        }
        List<String> pieces = wrap(cells[columns - 1], lastColumnWidth);
        for (int i = 0; i < pieces.size(); i++) {
            String[] line = i == 0 ? cells.clone() : new String[columns];
            if (i > 0) {
                java.util.Arrays.fill(line, "");
            }
            line[columns - 1] = pieces.get(i);
            rows.add(line);
        }
        return this;
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
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
