package org.attentionlab.runners.report;

import java.util.List;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.RunResults;

/** {@code report.md}: the run's tables, scaling, gate and environment in Markdown. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(RunResults results) {
        ReportTables tables = new ReportTables(results);
        StringBuilder md = new StringBuilder();
        md.append("# attention-lab report: ").append(results.config().name()).append("\n\n");
        md.append(ReportText.summary(results)).append("\n\n");
        if (!results.trustworthy()) {
            md.append("> **UNTRUSTWORTHY RUN**: the correctness gate failed; no figure below should be used.\n\n");
        }
        md.append("**Correctness gate:** ").append(results.gate() == null ? "not run" : results.gate().summary()).append("\n\n");
        table(md, tables.latency());
        table(md, tables.scratch());
        table(md, tables.gflops());
        table(md, tables.keysPerQuery());
        if (tables.hasAccuracy()) {
            for (String metric : tables.headlineMetrics()) {
                table(md, tables.accuracy(metric));
            }
        }
        table(md, tables.referenceRatio());
        if (tables.decoded()) {
            table(md, tables.prefill());
            table(md, tables.decodePerToken());
            table(md, tables.decodeReferenceRatio());
            table(md, tables.kvCache());
        }
        for (int n : tables.sizes()) {
            ReportTable loss = tables.lossTable(n);
            if (loss != null) {
                table(md, loss);
            }
        }
        table(md, tables.scaling());
        new TaskReport(results, tables).markdown(md);
        if (!tables.failures().rows().isEmpty()) {
            table(md, tables.failures());
        }
        if (!tables.timedOn().rows().isEmpty()) {
            table(md, tables.timedOn());
        }
        diagnostics(md, new DiagnosticsReport(results));
        environment(md, results.environment());
        return md.toString();
    }

    static void table(StringBuilder md, ReportTable t) {
        md.append("## ").append(t.title()).append("\n\n");
        md.append(row(t.header()));
        md.append(row(t.header().stream().map(h -> "---").toList()));
        for (List<String> r : t.rows()) {
            md.append(row(r));
        }
        md.append('\n');
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }

    private static void diagnostics(StringBuilder md, DiagnosticsReport d) {
        if (!d.present()) {
            return;
        }
        md.append("## Diagnostics\n\n").append(d.explanation()).append("\n\n");
        for (ReportTable t : d.tables()) {
            table(md, t);
        }
        for (Heatmap map : d.heatmaps()) {
            table(md, map.table());
        }
    }

    private static void environment(StringBuilder md, Environment e) {
        md.append("## Environment\n\n");
        for (String[] kv : ReportText.environmentRows(e)) {
            md.append("- ").append(kv[0]).append(": ").append(kv[1]).append('\n');
        }
    }
}
