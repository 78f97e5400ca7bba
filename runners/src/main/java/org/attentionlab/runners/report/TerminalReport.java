package org.attentionlab.runners.report;

import org.attentionlab.runners.results.RunResults;

/**
 * The tables {@code attnlab run} prints when it is done: latency, attention GFLOP/s, the first headline accuracy metric (for a
 * causal language model also KL, top-1 agreement and, when it decoded, decode ms per token and the KV cache) and,
 * when some cell failed, the failures; from the results alone, like the files of {@link Reports}.
 */
public final class TerminalReport {

    private TerminalReport() {
    }

    /** The tables as plain text, each preceded by an empty line. */
    public static String render(RunResults results) {
        ReportTables tables = new ReportTables(results);
        StringBuilder out = new StringBuilder();
        String facts = ReportText.extension(results).strip();
        if (!facts.isEmpty()) {
            out.append(System.lineSeparator()).append(facts).append(System.lineSeparator());
        }
        out.append(System.lineSeparator());
        out.append(TextTable.render(tables.latency()));
        out.append(System.lineSeparator());
        out.append(TextTable.render(tables.gflops()));
        if (tables.hasAccuracy()) {
            out.append(System.lineSeparator());
            out.append(TextTable.render(tables.accuracy(tables.headlineMetrics().get(0))));
        }
        if (results.causal() && tables.hasAccuracy()) { // a decoder's tasks-alone run has no agreement documents
            for (String metric : java.util.List.of("klMean", "top1Agreement")) {
                out.append(System.lineSeparator());
                out.append(TextTable.render(tables.accuracy(metric)));
            }
            if (tables.decoded()) {
                out.append(System.lineSeparator());
                out.append(TextTable.render(tables.decodePerToken()));
                out.append(System.lineSeparator());
                out.append(TextTable.render(tables.kvCache()));
            }
        }
        new TaskReport(results, tables).terminal(out);
        if (!tables.failures().rows().isEmpty()) {
            out.append(System.lineSeparator());
            out.append(TextTable.render(tables.failures()));
        }
        return out.toString();
    }
}
