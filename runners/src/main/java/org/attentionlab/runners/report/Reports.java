package org.attentionlab.runners.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlab.runners.results.DiagnosticsSummary;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.RunResults;

/**
 * Every file drawn from a run's results, built from the results alone: the end of a run and
 * {@code attnlab report} both write exactly these.
 */
public final class Reports {

    public static final String DIAGNOSTICS = "diagnostics.json";
    public static final String CSV = "results.csv";
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    private Reports() {
    }

    /** File name to content, in the order they are written: diagnostics.json (when there are diagnostics), results.csv, report.md, report.html. */
    public static Map<String, String> files(RunResults results) {
        Map<String, String> files = new LinkedHashMap<>();
        DiagnosticsSummary diagnostics = DiagnosticsSummary.of(results);
        if (diagnostics != null) {
            files.put(DIAGNOSTICS, ResultsJson.pretty(diagnostics));
        }
        files.put(CSV, CsvReport.render(results));
        files.put(MARKDOWN, MarkdownReport.render(results));
        files.put(HTML, HtmlReport.render(results));
        return files;
    }
}
