package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of numbers in [low, high] whose HTML cells are shaded by value (a layer x head map, say); in
 * Markdown and on the terminal it is a plain {@link ReportTable}. A null value is shown as {@code -}.
 */
public record Heatmap(String title, String corner, List<String> rowLabels, List<String> columnLabels,
                      List<List<Double>> values, double low, double high) {

    public ReportTable table() {
        List<String> header = new ArrayList<>();
        header.add(corner);
        header.addAll(columnLabels);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < rowLabels.size(); r++) {
            List<String> row = new ArrayList<>();
            row.add(rowLabels.get(r));
            for (Double v : values.get(r)) {
                row.add(format(v));
            }
            rows.add(row);
        }
        return new ReportTable(title, header, rows);
    }

    static String format(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** 0 at {@code low}, 1 at {@code high}, clamped. */
    double shade(double v) {
        return high == low ? 0 : Math.max(0, Math.min(1, (v - low) / (high - low)));
    }
}
