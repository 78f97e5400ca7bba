package org.attentionlab.runners.report;

import java.util.List;

/** A titled table of formatted cells, rendered the same way to the terminal, Markdown and HTML. */
public record ReportTable(String title, List<String> header, List<List<String>> rows) {

    public ReportTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
