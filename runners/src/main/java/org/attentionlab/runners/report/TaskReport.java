package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.knowm.xchart.XYChart;

/**
 * The reports' section per task with known answers: a table of the score per side (each variant, the reference,
 * and for an extended model the truncation baseline) and context size; the chart of the score vs n per variant
 * with the reference and the truncation baseline as dashed lines; for passkey and needle the accuracy@1 by
 * depth x n as a heat map per side (the "needle in a haystack" picture); for retrieval Recall@100 and MRR@10; for
 * recall the accuracy by distance bucket x n and by number of pairs x n, a heat map per side.
 */
public final class TaskReport {

    static final String REFERENCE = "reference (ONNX Runtime)";

    private final RunResults results;
    private final ReportTables tables;

    public TaskReport(RunResults results, ReportTables tables) {
        this.results = results;
        this.tables = tables;
    }

    /** One task's section: its heading text, tables, heat maps and chart. */
    public record Section(String label, String explanation, List<ReportTable> tables, List<Heatmap> heatmaps, XYChart chart) {
    }

    /** The task labels of the run, in the config's order (none without tasks). */
    public List<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        if (results.config().tasks() != null) {
            results.config().tasks().forEach(t -> labels.add(t.label()));
        }
        return List.copyOf(labels);
    }

    public List<Section> sections() {
        List<Section> out = new ArrayList<>();
        for (String label : labels()) {
            out.add(section(label));
        }
        return out;
    }

    private Section section(String label) {
        TaskSpec spec = results.config().tasks().stream().filter(t -> t.label().equals(label)).findFirst().orElseThrow();
        String metric = switch (spec.task()) {
            case TaskSpec.RETRIEVAL -> "nDCG@10";
            case TaskSpec.RECALL -> "accuracy";
            default -> "accuracy@1";
        };
        List<ReportTable> tablesOut = new ArrayList<>();
        tablesOut.add(scoreTable("Task: " + label + " (" + metric + ", mean over queries)", label, TaskScore::score));
        if (TaskSpec.RETRIEVAL.equals(spec.task())) {
            tablesOut.add(scoreTable("Task: " + label + " (Recall@100)", label, TaskScore::recallAt100));
            tablesOut.add(scoreTable("Task: " + label + " (MRR@10)", label, TaskScore::mrrAt10));
        }
        List<Heatmap> maps = spec.isHaystack() ? depthMaps(label, spec)
                : TaskSpec.RECALL.equals(spec.task()) ? breakdownMaps(label, "distance", TaskScore::byDistance)
                : List.of();
        if (TaskSpec.RECALL.equals(spec.task())) {
            maps = new ArrayList<>(maps);
            maps.addAll(breakdownMaps(label, "pairs", TaskScore::byPairs));
        }
        return new Section(label, explanation(spec), tablesOut, maps, chart(label, metric));
    }

    private String explanation(TaskSpec spec) {
        String truncation = results.truncationLabel() == null ? ""
                : " The " + results.truncationLabel() + " row is the model as shipped on each document's first "
                + results.positions().sourceRows() + " tokens: what a user of the unextended model gets.";
        return switch (spec.task()) {
            case TaskSpec.PASSKEY, TaskSpec.NEEDLE -> spec.documents() + " candidate documents of n tokens of corpus filler, each holding one "
                    + (spec.task().equals(TaskSpec.PASSKEY) ? "person's 5-digit pass key" : "fact sentence") + " at depth "
                    + spec.depths() + "%; one query per document; a hit is the document ranked first by cosine being the one "
                    + "that holds the answer (seed " + spec.seed() + ")." + truncation;
            case TaskSpec.RETRIEVAL -> "The labelled set at " + spec.path() + " (BEIR layout), documents cut to n tokens; nDCG@10, "
                    + "Recall@100 and MRR@10 as trec_eval computes them, mean over the queries with a relevant document." + truncation;
            default -> "Multi-query associative recall (Zoology's MQAR): per entry of pairs " + spec.pairs() + " one sequence of n tokens, "
                    + "a filler token, the key-value pairs (keys from [1, " + spec.vocab() / 2 + "), values from [" + spec.vocab() / 2 + ", "
                    + spec.vocab() + ")), filler, then up to " + spec.queries() + " queries of earlier keys; a hit is the argmax of the "
                    + "next-token logits at a query being its key's value (seed " + spec.seed() + "). Distance: the query's position less "
                    + "the value's, how far back attention must reach; a causal window of w keys back keeps exactly the distances up to w.";
        };
    }

    /** Rows: each variant, then the reference, then the truncation baseline; columns: the context sizes. */
    private ReportTable scoreTable(String title, String label, Function<TaskScore, Double> value) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Cell>> e : tables.cellsByLabel().entrySet()) {
            List<String> row = new ArrayList<>();
            row.add(e.getKey());
            for (int n : tables.sizes()) {
                Cell c = e.getValue().get(n);
                TaskScore s = c == null || !c.ok() || c.tasks() == null ? null : c.tasks().get(label);
                row.add(c != null && !c.ok() ? "failed" : s == null ? "-" : Formats.metric(value.apply(s)));
            }
            rows.add(row);
        }
        sideRow(rows, REFERENCE, results.referenceTasks(), label, value);
        if (results.truncationLabel() != null) {
            sideRow(rows, results.truncationLabel(), results.truncatedTasks(), label, value);
        }
        List<String> header = new ArrayList<>();
        header.add("variant");
        tables.sizes().forEach(n -> header.add("n=" + n));
        return new ReportTable(title, header, rows);
    }

    private void sideRow(List<List<String>> rows, String name, List<SizeTasks> side, String label, Function<TaskScore, Double> value) {
        List<String> row = new ArrayList<>();
        row.add(name);
        for (int n : tables.sizes()) {
            TaskScore s = at(side, n, label);
            row.add(s == null ? "-" : Formats.metric(value.apply(s)));
        }
        rows.add(row);
    }

    static TaskScore at(List<SizeTasks> side, int n, String label) {
        if (side == null) {
            return null;
        }
        return side.stream().filter(s -> s.contextSize() == n).findFirst().map(s -> s.tasks().get(label)).orElse(null);
    }

    /** Accuracy@1 by depth (rows) x n (columns), one map per side. */
    private List<Heatmap> depthMaps(String label, TaskSpec spec) {
        Map<String, Function<Integer, TaskScore>> sides = sides(label);
        List<Heatmap> maps = new ArrayList<>();
        List<String> columns = tables.sizes().stream().map(n -> "n=" + n).toList();
        List<String> rowsLabels = spec.depths().stream().sorted().map(d -> d + "%").toList();
        for (Map.Entry<String, Function<Integer, TaskScore>> side : sides.entrySet()) {
            List<List<Double>> values = new ArrayList<>();
            for (int depth : spec.depths().stream().sorted().toList()) {
                List<Double> row = new ArrayList<>();
                for (int n : tables.sizes()) {
                    TaskScore s = side.getValue().apply(n);
                    row.add(s == null || s.byDepth() == null ? null : s.byDepth().get(String.valueOf(depth)));
                }
                values.add(row);
            }
            maps.add(new Heatmap(String.format(Locale.ROOT, "Task: %s accuracy@1 by depth x n: %s", label, side.getKey()), "depth",
                    rowsLabels, columns, values, 0, 1));
        }
        return maps;
    }

    /**
     * Recall's accuracy by a breakdown (distance bucket or number of pairs: rows, in the order the scores hold them)
     * x n, one map per side; a cell is empty where no query of that row was asked at that n.
     */
    private List<Heatmap> breakdownMaps(String label, String what, Function<TaskScore, Map<String, Double>> breakdown) {
        Map<String, Function<Integer, TaskScore>> sides = sides(label);
        Set<String> rowSet = new LinkedHashSet<>();
        java.util.List<Map<String, Double>> all = new ArrayList<>();
        for (Function<Integer, TaskScore> side : sides.values()) {
            for (int n : tables.sizes()) {
                TaskScore s = side.apply(n);
                if (s != null && breakdown.apply(s) != null) {
                    all.add(breakdown.apply(s));
                }
            }
        }
        all.forEach(m -> rowSet.addAll(m.keySet()));
        List<String> rows = new ArrayList<>(rowSet);
        rows.sort(java.util.Comparator.comparingInt(TaskReport::rowOrder));
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> columns = tables.sizes().stream().map(n -> "n=" + n).toList();
        List<Heatmap> maps = new ArrayList<>();
        for (Map.Entry<String, Function<Integer, TaskScore>> side : sides.entrySet()) {
            List<List<Double>> values = new ArrayList<>();
            for (String row : rows) {
                List<Double> line = new ArrayList<>();
                for (int n : tables.sizes()) {
                    TaskScore s = side.getValue().apply(n);
                    line.add(s == null || breakdown.apply(s) == null ? null : breakdown.apply(s).get(row));
                }
                values.add(line);
            }
            maps.add(new Heatmap(String.format(Locale.ROOT, "Task: %s accuracy by %s x n: %s", label, what, side.getKey()), what, rows,
                    columns, values, 0, 1));
        }
        return maps;
    }

    /** A breakdown row's number: the upper edge of a distance bucket ({@code 17-32}) or a count of pairs. */
    private static int rowOrder(String row) {
        return Integer.parseInt(row.substring(row.indexOf('-') + 1));
    }

    /** Each variant's, the reference's and the truncation baseline's score at n. */
    private Map<String, Function<Integer, TaskScore>> sides(String label) {
        Map<String, Function<Integer, TaskScore>> sides = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, Cell>> e : tables.cellsByLabel().entrySet()) {
            sides.put(e.getKey(), n -> {
                Cell c = e.getValue().get(n);
                return c == null || !c.ok() || c.tasks() == null ? null : c.tasks().get(label);
            });
        }
        sides.put(REFERENCE, n -> at(results.referenceTasks(), n, label));
        if (results.truncationLabel() != null) {
            sides.put(results.truncationLabel(), n -> at(results.truncatedTasks(), n, label));
        }
        return sides;
    }

    /** The score vs n per variant, with the reference and the truncation baseline dashed; null when nothing is scored. */
    private XYChart chart(String label, String metric) {
        XYChart chart = Charts.lines("Task " + label + ": " + metric + " vs context size", metric, tables,
                c -> c.tasks() == null || c.tasks().get(label) == null ? null : c.tasks().get(label).score(), true, false);
        addSide(chart, REFERENCE, results.referenceTasks(), label);
        if (results.truncationLabel() != null) {
            addSide(chart, results.truncationLabel(), results.truncatedTasks(), label);
        }
        return chart.getSeriesMap().isEmpty() ? null : chart;
    }

    private void addSide(XYChart chart, String name, List<SizeTasks> side, String label) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int n : tables.sizes()) {
            TaskScore s = at(side, n, label);
            if (s != null) {
                xs.add(Charts.log2(n));
                ys.add(s.score());
            }
        }
        Charts.addSeries(chart, name, xs, ys);
    }

    /** Markdown: a section per task. */
    void markdown(StringBuilder md) {
        for (Section s : sections()) {
            List<ReportTable> ts = s.tables();
            MarkdownReport.table(md, ts.get(0));
            md.append(s.explanation()).append("\n\n");
            for (int i = 1; i < ts.size(); i++) {
                MarkdownReport.table(md, ts.get(i));
            }
            for (Heatmap map : s.heatmaps()) {
                MarkdownReport.table(md, map.table());
            }
        }
    }

    /** HTML: a section per task with its chart. */
    void html(StringBuilder h) {
        for (Section s : sections()) {
            List<ReportTable> ts = s.tables();
            h.append("<h2 id=\"task-").append(HtmlReport.esc(s.label())).append("\">Task: ").append(HtmlReport.esc(s.label()))
                    .append("</h2>\n<p>").append(HtmlReport.esc(s.explanation())).append("</p>\n");
            if (s.chart() != null) {
                HtmlReport.image(h, s.chart());
            }
            for (ReportTable t : ts) {
                HtmlReport.table(h, t);
            }
            for (Heatmap map : s.heatmaps()) {
                HtmlReport.heatmap(h, map);
            }
        }
    }

    /** The terminal: one table per task (its score per side and n). */
    void terminal(StringBuilder out) {
        for (Section s : sections()) {
            out.append(System.lineSeparator());
            out.append(TextTable.render(s.tables().get(0)));
        }
    }
}
