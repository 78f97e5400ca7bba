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

    /** The attention explorer's page ({@code attnlab explain RUN_FOLDER} writes it), which report.html links to when present. */
    public static final String EXPLORER = "attention.html";

    /** {@link #files(RunResults, boolean)} of a run folder without an explorer page. */
    public static Map<String, String> files(RunResults results) {
        return files(results, false);
    }

    /**
     * File name to content, in the order they are written: diagnostics.json (when there are diagnostics), results.csv,
     * report.md, report.html.
     *
     * @param explorer whether {@value #EXPLORER} is beside them (report.html then links to it)
     */
    public static Map<String, String> files(RunResults results, boolean explorer) {
        Map<String, String> files = new LinkedHashMap<>();
        DiagnosticsSummary diagnostics = DiagnosticsSummary.of(results);
        if (diagnostics != null) {
            files.put(DIAGNOSTICS, ResultsJson.pretty(diagnostics));
        }
        files.put(CSV, CsvReport.render(results));
        files.put(MARKDOWN, MarkdownReport.render(results));
        files.put(HTML, HtmlReport.render(results, explorer));
        return files;
    }
}
