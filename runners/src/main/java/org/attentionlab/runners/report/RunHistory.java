package org.attentionlab.runners.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.knowm.xchart.XYChart;

/**
 * The finished runs under an experiment's output folder, oldest first, grouped by config: runs of one config
 * form one trend; a run of another config (other sizes, variants, corpus...) starts a group of its own and is
 * never drawn on the same line. The config's output folder and execution engine are left out of the grouping (a
 * moved folder, or a run on another engine, is the same experiment). A run folder whose results.json cannot be
 * read is skipped with a warning, and the others are listed.
 */
public final class RunHistory {

    /** One finished run. */
    public record Run(Path folder, RunResults results) {
    }

    private final List<List<Run>> groups;
    private final List<String> skipped;

    private RunHistory(List<List<Run>> groups, List<String> skipped) {
        this.groups = groups;
        this.skipped = List.copyOf(skipped);
    }

    /** Reads every {@code results.json} directly under {@code folder} (one level: the run folders). */
    public static RunHistory read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new UserFacingException("not a folder: " + folder);
        }
        List<Run> runs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("results.json"))) {
                    try {
                        runs.add(new Run(dir, ResultsReader.read(dir)));
                    } catch (UserFacingException e) {
                        // one torn or foreign file must not hide every other run of the folder
                        skipped.add(e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot list " + folder + ": " + e.getMessage());
        }
        if (runs.isEmpty()) {
            throw new UserFacingException("no finished run (a folder with a readable results.json) under " + folder
                    + (skipped.isEmpty() ? "" : "; skipped: " + String.join("; ", skipped)));
        }
        runs.sort(Comparator.comparing((Run r) -> r.results().startedAt()).thenComparing(r -> r.folder().getFileName().toString()));
        Map<JsonNode, List<Run>> byConfig = new LinkedHashMap<>();
        for (Run r : runs) {
            byConfig.computeIfAbsent(identity(r.results()), k -> new ArrayList<>()).add(r);
        }
        return new RunHistory(new ArrayList<>(byConfig.values()), skipped);
    }

    /**
     * What makes two runs one experiment: the config without {@code output} (a moved folder is the same experiment)
     * and without {@code execution} (the engine says where the work ran, not what was measured; a run started
     * locally and resumed on Spark, or the same config on either engine, is one trend).
     */
    static JsonNode identity(RunResults results) {
        ObjectNode config = ResultsJson.MAPPER.valueToTree(results.config());
        config.remove("output");
        config.remove("execution");
        return config;
    }

    /** One line per run folder whose results.json could not be read (torn, damaged, foreign): left out of the history. */
    public List<String> skipped() {
        return skipped;
    }

    /** Runs grouped by config, each group oldest first, groups in the order of their first run. */
    public List<List<Run>> groups() {
        return groups;
    }

    /**
     * One table per group: date, commit, gate, and {@code metric} per variant at context size {@code n} (the
     * group's largest when null).
     */
    public List<ReportTable> tables(String metric, Integer n) {
        List<ReportTable> tables = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Run> group = groups.get(g);
            RunResults first = group.get(0).results();
            int size = size(first, n);
            Set<String> labels = labels(group);
            List<String> header = new ArrayList<>(List.of("run", "date", "commit", "gate"));
            labels.forEach(header::add);
            List<List<String>> rows = new ArrayList<>();
            for (Run r : group) {
                List<String> row = new ArrayList<>();
                row.add(r.folder().getFileName().toString());
                row.add(r.results().startedAt());
                row.add(commit(r.results()));
                row.add(r.results().gate() == null ? "-" : r.results().gate().passed() ? "passed" : "FAILED");
                for (String label : labels) {
                    Double v = value(r.results(), label, size, metric);
                    row.add(v == null ? "-" : Formats.metric(v));
                }
                rows.add(row);
            }
            String title = (groups.size() > 1 ? "Config " + (g + 1) + " of " + groups.size() + ": " : "")
                    + first.config().name() + ", " + metric + " at n=" + size + " (sizes " + first.config().contextSizes()
                    + ", " + first.config().variants().size() + " variants)";
            tables.add(new ReportTable(title, header, rows));
        }
        return tables;
    }

    /** Per group, one trend chart per metric: x = the run's place in the history, one line per variant. */
    public List<XYChart> charts(List<String> metrics, Integer n) {
        List<XYChart> charts = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Run> group = groups.get(g);
            int size = size(group.get(0).results(), n);
            for (String metric : metrics) {
                Map<String, List<double[]>> series = new LinkedHashMap<>();
                for (String label : labels(group)) {
                    List<double[]> points = new ArrayList<>();
                    for (int i = 0; i < group.size(); i++) {
                        Double v = value(group.get(i).results(), label, size, metric);
                        points.add(new double[] {i + 1, v == null ? Double.NaN : v});
                    }
                    series.put(label, points);
                }
                String prefix = groups.size() > 1 ? "config " + (g + 1) + ": " : "";
                charts.add(Charts.xy(prefix + metric + " at n=" + size + " over runs (oldest first)", "run", metric, series,
                        false, metric.startsWith("latency") ? "#,##0.###" : "0.#####"));
            }
        }
        return charts;
    }

    /** history.html: the tables and one trend chart per metric and config. */
    public String html(String metric, List<String> chartMetrics, Integer n) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>attention-lab history</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}\n")
                .append("td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}\nimg{max-width:100%}\n</style></head><body>\n");
        h.append("<h1>attention-lab history</h1>\n");
        h.append("<p>").append(groups.stream().mapToInt(List::size).sum()).append(" runs, ").append(groups.size())
                .append(groups.size() == 1 ? " config" : " configs (each its own trend)").append("</p>\n");
        for (ReportTable t : tables(metric, n)) {
            HtmlReport.table(h, t);
        }
        for (XYChart chart : charts(chartMetrics, n)) {
            HtmlReport.image(h, chart);
        }
        return h.append("</body></html>\n").toString();
    }

    /**
     * A metric's value: an accuracy metric by name, or a cost figure (latencyMsMedian, latencyRatioToReference, and a
     * causal language model's decodeMsPerTokenMedian, decodeRatioToReference).
     */
    static Double value(RunResults results, String label, int n, String metric) {
        Cell c = results.cells().stream().filter(x -> x.label().equals(label) && x.contextSize() == n).findFirst().orElse(null);
        if (c == null || !c.ok()) {
            return null;
        }
        return switch (metric) {
            case "latencyMsMedian" -> c.cost() == null ? null : c.cost().latencyMsMedian();
            case "latencyRatioToReference" -> c.cost() == null ? null : c.cost().latencyRatioToReference();
            case "decodeMsPerTokenMedian" -> c.cost() == null ? null : c.cost().decodeMsPerTokenMedian();
            case "decodeRatioToReference" -> c.cost() == null ? null : c.cost().decodeRatioToReference();
            default -> c.accuracy() == null ? null : c.accuracy().value(metric);
        };
    }

    /** True when some run of the history measured a causal language model (next-token metrics). */
    public boolean causal() {
        return groups.stream().flatMap(List::stream).anyMatch(r -> r.results().causal());
    }

    /** The metrics {@code history} can show. */
    public static List<String> metrics() {
        List<String> all = new ArrayList<>(Accuracy.METRICS);
        all.add("latencyMsMedian");
        all.add("latencyRatioToReference");
        all.add("decodeMsPerTokenMedian");
        all.add("decodeRatioToReference");
        return all;
    }

    private static int size(RunResults r, Integer n) {
        return n != null ? n : r.config().contextSizes().stream().max(Integer::compare).orElseThrow();
    }

    private static Set<String> labels(List<Run> group) {
        Set<String> labels = new LinkedHashSet<>();
        group.forEach(r -> r.results().config().variants().forEach(v -> labels.add(v.label())));
        return labels;
    }

    private static String commit(RunResults r) {
        String c = r.environment() == null ? null : r.environment().gitCommit();
        return c == null ? "-" : c;
    }
}
