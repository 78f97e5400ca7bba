package org.attentionlab.runners.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.attentionlab.runners.Fixtures;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.PositionsRecord;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.junit.jupiter.api.Test;

/** The task sections drawn from results alone: scores per side and n, the truncation row, the depth x n maps. */
class TaskReportTest {

    static TaskScore passkey(double atZero, double atHundred) {
        return new TaskScore("passkey", TaskScore.ACCURACY_AT_1, (atZero + atHundred) / 2, List.of(atZero, atHundred), 1L,
                Map.of("0", atZero, "100", atHundred), null, null, null, null, null);
    }

    static Cell withTask(Cell c, TaskScore score) {
        return new Cell(c.variant(), c.label(), c.params(), c.layers(), c.contextSize(), c.documents(), c.status(), c.error(),
                c.accuracy(), c.cost(), null, null, Map.of("passkey", score));
    }

    static RunResults results() {
        RunResults base = Fixtures.results(List.of(
                withTask(Fixtures.cell("full", 512, 0.99, 1.0), passkey(1, 1)),
                withTask(Fixtures.cell("window-64", 512, 0.9, 0.5), passkey(1, 0)),
                withTask(Fixtures.cell("full", 1024, 0.99, 1.0), passkey(1, 0)),
                withTask(Fixtures.cell("window-64", 1024, 0.9, 0.5), passkey(0, 0))));
        ExperimentConfig c = base.config();
        TaskSpec spec = new TaskSpec("passkey", "passkey", 2, List.of(0, 100), 1L, null, null, null, null, null);
        ExperimentConfig withTasks = new ExperimentConfig(c.name(), c.kind(), c.reference(), c.corpus(), c.contextSizes(), c.variants(),
                c.measure(), c.output(), c.kernel(), c.diagnostics(), c.execution(), c.retrieval(), c.decode(), null, List.of(spec));
        return new RunResults(base.schemaVersion(), withTasks, base.environment(), base.startedAt(), base.finishedAt(), base.gate(),
                true, base.cells(), base.scaling(), null, null, new PositionsRecord(512, "copy", 1024, "/x.onnx", "0".repeat(64)), null,
                List.of(), null, null,
                List.of(new SizeTasks(512, Map.of("passkey", passkey(1, 1))), new SizeTasks(1024, Map.of("passkey", passkey(1, 0)))),
                List.of(new SizeTasks(512, Map.of("passkey", passkey(1, 1))), new SizeTasks(1024, Map.of("passkey", passkey(0, 1)))));
    }

    @Test
    void theScoreTableHasEveryVariantTheReferenceAndTheTruncationRow() {
        RunResults r = results();
        TaskReport report = new TaskReport(r, new ReportTables(r));
        ReportTable t = report.sections().get(0).tables().get(0);
        assertEquals("Task: passkey (accuracy@1, mean over queries)", t.title());
        assertEquals(List.of("variant", "n=512", "n=1024"), t.header());
        assertEquals(List.of(List.of("full", "1.0000", "0.5000"), List.of("window-64", "0.5000", "0.0000"),
                List.of("reference (ONNX Runtime)", "1.0000", "0.5000"), List.of("truncate-512", "1.0000", "0.5000")), t.rows());
    }

    @Test
    void csvHasATaskScoreColumnAfterTheFixedOnes() {
        String[] lines = CsvReport.render(results()).split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> fixed = new java.util.ArrayList<>(CsvReport.HEADER);
        fixed.add("task.passkey.score");
        assertEquals(fixed, header, "the fixed columns keep their places; the task's score comes last");
        assertEquals(5, lines.length);
        for (int row = 1; row < lines.length; row++) {
            List<String> cells = List.of(lines[row].split(",", -1));
            assertEquals(header.size(), cells.size(), lines[row]);
        }
        // window-64 at 512 hit one of two queries, at 1024 none
        assertEquals(List.of("window-64", "512", "0.5"), pick(lines[2], header, "label", "contextSize", "task.passkey.score"));
        assertEquals(List.of("window-64", "1024", "0.0"), pick(lines[4], header, "label", "contextSize", "task.passkey.score"));
        String withoutTasks = CsvReport.render(Fixtures.results(List.of(Fixtures.cell("full", 512, 0.99, 1.0)))).split("\r\n")[0];
        assertEquals(String.join(",", CsvReport.HEADER), withoutTasks, "no tasks: no task column");
    }

    private static List<String> pick(String line, List<String> header, String... columns) {
        List<String> cells = List.of(line.split(",", -1));
        return java.util.Arrays.stream(columns).map(c -> cells.get(header.indexOf(c))).toList();
    }

    @Test
    void theDepthMapsHoldAccuracyByDepthAndSize() {
        RunResults r = results();
        List<Heatmap> maps = new TaskReport(r, new ReportTables(r)).sections().get(0).heatmaps();
        assertEquals(4, maps.size(), "full, window-64, reference, truncate-512");
        Heatmap window = maps.get(1);
        assertEquals("Task: passkey accuracy@1 by depth x n: window-64", window.title());
        assertEquals(List.of("0%", "100%"), window.rowLabels());
        assertEquals(List.of(List.of(1.0, 0.0), List.of(0.0, 0.0)), window.values());
        assertEquals(List.of(List.of(1.0, 0.0), List.of(1.0, 1.0)), maps.get(3).values(), "truncation: the statement at 100% is cut off at 1024");
    }

    @Test
    void markdownHtmlAndTerminalCarryTheSection() {
        RunResults r = results();
        String md = MarkdownReport.render(r);
        assertTrue(md.contains("## Task: passkey (accuracy@1, mean over queries)"), md);
        assertTrue(md.contains("## Task: passkey accuracy@1 by depth x n: reference (ONNX Runtime)"), md);
        String html = HtmlReport.render(r);
        assertTrue(html.contains("<h2 id=\"task-passkey\">Task: passkey</h2>"));
        assertTrue(html.contains("alt=\"Task passkey: accuracy@1 vs context size\""), "the chart");
        assertTrue(TerminalReport.render(r).contains("truncate-512"));
    }
    static TaskScore recall(double near, double far) {
        // distances are given out of order on purpose: the rows follow the buckets' edges, not the map's order
        return new TaskScore("recall", TaskScore.ACCURACY, (near + far) / 2, List.of(near, far), 1L, null, null, null, null,
                Map.of("16", far, "4", near), Map.of("65-128", far, "33-64", near));
    }

    static Cell withRecall(Cell c, TaskScore score) {
        return new Cell(c.variant(), c.label(), c.params(), c.layers(), c.contextSize(), c.documents(), c.status(), c.error(),
                null, c.cost(), null, null, Map.of("recall", score));
    }

    @Test
    void recallHasAccuracyByDistanceAndByPairsPerSideWithTheReferenceLine() {
        RunResults base = Fixtures.results(List.of(
                withRecall(Fixtures.cell("full", 512, 0.99, 1.0), recall(1, 1)),
                withRecall(Fixtures.cell("window-64", 512, 0.9, 0.5), recall(1, 0)),
                withRecall(Fixtures.cell("full", 1024, 0.99, 1.0), recall(1, 1)),
                withRecall(Fixtures.cell("window-64", 1024, 0.9, 0.5), recall(1, 0))));
        ExperimentConfig c = base.config();
        TaskSpec spec = new TaskSpec("recall", "recall", null, null, 1L, null, null, List.of(4, 16), 16, 256);
        ExperimentConfig withTasks = new ExperimentConfig(c.name(), c.kind(), c.reference(), c.corpus(), c.contextSizes(), c.variants(),
                c.measure(), c.output(), c.kernel(), c.diagnostics(), c.execution(), c.retrieval(), c.decode(), null, List.of(spec));
        RunResults r = new RunResults(base.schemaVersion(), withTasks, base.environment(), base.startedAt(), base.finishedAt(), base.gate(),
                true, base.cells(), base.scaling(), null, null, null, null, List.of(), null, null,
                List.of(new SizeTasks(512, Map.of("recall", recall(1, 1))), new SizeTasks(1024, Map.of("recall", recall(1, 1)))), null);
        TaskReport.Section section = new TaskReport(r, new ReportTables(r)).sections().get(0);
        assertEquals("Task: recall (accuracy, mean over queries)", section.tables().get(0).title());
        assertEquals(List.of("reference (ONNX Runtime)", "1.0000", "1.0000"), section.tables().get(0).rows().get(2));
        assertTrue(section.explanation().startsWith("Multi-query associative recall (Zoology's MQAR): per entry of pairs [4, 16]"),
                section.explanation());
        List<Heatmap> maps = section.heatmaps();
        assertEquals(List.of("Task: recall accuracy by distance x n: full", "Task: recall accuracy by distance x n: window-64",
                "Task: recall accuracy by distance x n: reference (ONNX Runtime)", "Task: recall accuracy by pairs x n: full",
                "Task: recall accuracy by pairs x n: window-64", "Task: recall accuracy by pairs x n: reference (ONNX Runtime)"),
                maps.stream().map(Heatmap::title).toList());
        assertEquals(List.of("33-64", "65-128"), maps.get(1).rowLabels());
        assertEquals(List.of(List.of(1.0, 1.0), List.of(0.0, 0.0)), maps.get(1).values(), "the window keeps 33-64 and loses 65-128");
        assertEquals(List.of("4", "16"), maps.get(4).rowLabels());
        assertTrue(section.chart().getSeriesMap().containsKey("reference (ONNX Runtime)"), "the reference line");
        assertTrue(HtmlReport.render(r).contains("<h2 id=\"task-recall\">Task: recall</h2>"));
        assertTrue(TerminalReport.render(r).contains("Task: recall (accuracy, mean over queries)"));
    }
}
