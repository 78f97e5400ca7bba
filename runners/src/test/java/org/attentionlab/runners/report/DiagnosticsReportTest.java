package org.attentionlab.runners.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.attentionlab.runners.Fixtures;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.DiagnosticsSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.MeasureSpec;
import org.attentionlab.runners.config.ReferenceSpec;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.DiagnosticsSummary;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;

/** The diagnostics section drawn from hand-made cells: 2 layers x 2 heads at n = 16 and 32. */
class DiagnosticsReportTest {

    private static final List<List<Double>> ENTROPY_16 = List.of(List.of(1.0, 2.0), List.of(0.5, 1.5));
    private static final List<List<Double>> ENTROPY_32 = List.of(List.of(2.0, 3.0), List.of(1.0, 1.0));

    private static List<List<Double>> entropy(int n) {
        return n == 16 ? ENTROPY_16 : ENTROPY_32;
    }

    private static Cell cell(String name, String label, int n, List<Double> drift, List<List<Double>> coverage) {
        return new Cell(name, label, Map.of(), null, n, 2, Cell.OK, null, new Accuracy(1.0, 1.0, 0.0, 0.0, 1.0, null),
                new Cost(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1L, 1L, 1L, 1e-6), new CellDiagnostics(drift, coverage, entropy(n)));
    }

    private static RunResults run() {
        List<Cell> cells = new ArrayList<>();
        // Out of the config's order on purpose: the report orders by the config, not by the file.
        cells.add(cell("sliding-window", "window", 32, List.of(0.98, 0.9), List.of(List.of(0.6, 0.4), List.of(0.5, 0.3))));
        cells.add(cell("full", "full", 32, List.of(1.0, 1.0), null));
        cells.add(cell("sliding-window", "hybrid", 32, List.of(1.0, 0.97), Arrays.asList(null, List.of(0.9, 0.8))));
        cells.add(Cell.failed("linear", "linear", Map.of(), null, 32, 2, "out of memory"));
        cells.add(cell("full", "full", 16, List.of(1.0, 1.0), null));
        cells.add(cell("sliding-window", "window", 16, List.of(0.99, 0.95), List.of(List.of(0.9, 0.7), List.of(0.8, 0.6))));
        cells.add(cell("sliding-window", "hybrid", 16, List.of(1.0, 0.99), Arrays.asList(null, List.of(1.0, 0.9))));
        cells.add(cell("linear", "linear", 16, List.of(0.9, 0.5), null));
        List<VariantSpec> variants = List.of(new VariantSpec("full", "full", Map.of(), null),
                new VariantSpec("sliding-window", "window", Map.of(), null), new VariantSpec("linear", "linear", Map.of(), null),
                new VariantSpec("sliding-window", "hybrid", Map.of(), List.of(1)));
        ExperimentConfig config = new ExperimentConfig("diag", ExperimentKind.MODEL, ReferenceSpec.defaults(), CorpusSpec.defaults(),
                List.of(16, 32), variants, MeasureSpec.defaults(), "results/diag", null, new DiagnosticsSpec(true, 2));
        RunResults base = Fixtures.results(List.of(Fixtures.cell("full", 16, 1, 1)));
        return new RunResults(base.schemaVersion(), config, base.environment(), base.startedAt(), base.finishedAt(), base.gate(),
                true, cells, List.of());
    }

    private final DiagnosticsReport report = new DiagnosticsReport(run());

    @Test
    void driftIsOneTablePerSizeFromTheLargestWithTheVariantsInTheConfigsOrder() {
        List<ReportTable> drift = report.driftTables();
        assertEquals(2, drift.size());
        assertTrue(drift.get(0).title().startsWith("Diagnostics: drift per layer at n=32 "), drift.get(0).title());
        assertEquals(List.of("variant", "layer 0", "layer 1"), drift.get(0).header());
        assertEquals(List.of(List.of("full", "1.00000", "1.00000"), List.of("window", "0.98000", "0.90000"),
                List.of("hybrid", "1.00000", "0.97000")), drift.get(0).rows(), "the failed linear cell has no row");
        assertEquals(List.of(List.of("full", "1.00000", "1.00000"), List.of("window", "0.99000", "0.95000"),
                List.of("linear", "0.90000", "0.50000"), List.of("hybrid", "1.00000", "0.99000")), drift.get(1).rows());
    }

    @Test
    void entropyIsTheMeanOverHeadsAndItsShareOfLnN() {
        ReportTable t = report.entropyTable();
        assertEquals(List.of("layer", "n=16", "n=32"), t.header());
        // layer 0: (1 + 2) / 2 = 1.5, 1.5 / ln 16 = 0.54; (2 + 3) / 2 = 2.5, 2.5 / ln 32 = 0.72
        assertEquals(List.of(List.of("layer 0", "1.500 (0.54)", "2.500 (0.72)"), List.of("layer 1", "1.000 (0.36)", "1.000 (0.29)")),
                t.rows());
    }

    @Test
    void coverageHasARowPerPatternedLayerOnly() {
        ReportTable t = report.coverageTable();
        assertEquals(List.of("variant, layer", "n=16", "n=32"), t.header());
        assertEquals(List.of(List.of("window, layer 0", "0.8000", "0.5000"), List.of("window, layer 1", "0.7000", "0.4000"),
                List.of("hybrid, layer 1", "0.9500", "0.8500")), t.rows(), "hybrid's full layer 0 has no pattern, no row");
    }

    @Test
    void theMapsAreAtTheLargestSize() {
        List<Heatmap> maps = report.heatmaps();
        assertEquals(List.of("Diagnostics: coverage of window per layer and head at n=32",
                "Diagnostics: coverage of hybrid per layer and head at n=32"), maps.subList(0, 2).stream().map(Heatmap::title).toList());
        assertEquals(List.of(List.of(0.6, 0.4), List.of(0.5, 0.3)), maps.get(0).values());
        assertEquals(List.of("layer 0", "-", "-"), maps.get(1).table().rows().get(0), "no pattern in hybrid's layer 0");
        Heatmap entropy = maps.get(2);
        assertTrue(entropy.title().startsWith("Diagnostics: entropy of full attention per layer and head at n=32"), entropy.title());
        assertEquals(2.0 / Math.log(32), entropy.values().get(0).get(0), 1e-15);
        assertEquals(3.0 / Math.log(32), entropy.values().get(0).get(1), 1e-15);
        assertEquals(List.of("h0", "h1"), entropy.columnLabels());
    }

    @Test
    void everyTableAndChartAndTheExplanation() {
        assertTrue(report.present());
        assertEquals(4, report.tables().size(), "two drift tables, entropy, coverage");
        assertEquals(3, report.charts().size(), "drift, entropy, coverage");
        assertTrue(report.explanation().contains("on the first 2 document(s) of each context size"), report.explanation());
    }

    /** The report reads the same grouping diagnostics.json holds: drawn from the file's record, it is the same. */
    @Test
    void drawnFromDiagnosticsJsonItIsTheSame() throws Exception {
        DiagnosticsSummary summary = DiagnosticsSummary.of(run());
        DiagnosticsSummary fromFile = ResultsJson.MAPPER.readValue(ResultsJson.pretty(summary), DiagnosticsSummary.class);
        DiagnosticsReport again = new DiagnosticsReport(fromFile);
        assertEquals(report.tables(), again.tables());
        assertEquals(report.heatmaps(), again.heatmaps());
    }

    @Test
    void aRunWithoutDiagnosticsHasNoSection() {
        DiagnosticsReport none = new DiagnosticsReport(Fixtures.results(List.of(Fixtures.cell("full", 16, 1, 1))));
        assertFalse(none.present());
        assertFalse(MarkdownReport.render(Fixtures.results(List.of(Fixtures.cell("full", 16, 1, 1)))).contains("Diagnostics"));
    }
}
