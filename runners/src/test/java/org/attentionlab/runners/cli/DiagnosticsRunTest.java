package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.model.LayerObserver;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.diagnostics.AttentionMaps;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A model sweep with diagnostics on, end to end: cells, diagnostics.json, both reports, resume; and off. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiagnosticsRunTest {

    @TempDir
    static Path tmp;

    static final String CONFIG = """
            name: diag
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 2 }
            contextSizes: [16, 32]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-all, params: { width: 64 } }
              - { name: sliding-window, label: window-4, params: { width: 4 } }
              - { name: linear, label: linear }
            measure: { warmup: 0, repetitions: 1, threads: 1 }
            diagnostics: { enabled: true, documents: 1 }
            output: OUT
            """;

    private Path config;
    private Path run;
    private RunResults results;

    private Path write(String name, String body) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, body.replace("OUT", tmp.resolve("out-" + name).toString()));
        return file;
    }

    @BeforeAll
    void runOnce() throws IOException {
        config = write("diag", CONFIG);
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        run = Cli.onlyRunFolder(tmp.resolve("out-diag"));
        results = ResultsReader.read(run);
    }

    private Cell cell(String label, int n) {
        return results.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }

    @Test
    void everyCellCarriesItsDiagnostics() {
        assertEquals(8, results.cells().size());
        results.cells().forEach(c -> assertEquals(Cell.OK, c.status(), c.toString()));
        for (int n : List.of(16, 32)) {
            CellDiagnostics full = cell("full", n).diagnostics();
            assertEquals(6, full.layerDrift().size());
            full.layerDrift().forEach(d -> assertEquals(1.0, d, 1e-5, "full drifts at n=" + n));
            assertNull(full.coverage());
            assertEquals(6, full.referenceEntropy().size());
            assertEquals(12, full.referenceEntropy().get(0).size());
            cell("window-all", n).diagnostics().coverage().forEach(layer -> layer.forEach(c -> assertEquals(1.0, c, 1e-6)));
            assertTrue(cell("window-4", n).diagnostics().coverage().get(0).get(0) < 1);
            for (List<Double> layer : cell("window-4", n).diagnostics().coverage()) {
                layer.forEach(c -> assertTrue(c >= 0 && c <= 1, "coverage is a share of probability mass: " + c));
            }
            assertNull(cell("linear", n).diagnostics().coverage());
            for (Cell c : results.cells()) {
                if (c.contextSize() == n) {
                    assertEquals(full.referenceEntropy(), c.diagnostics().referenceEntropy(), "one reference per size");
                }
            }
        }
    }

    /**
     * One head's coverage is what the maps give from full attention's probabilities (recomputed here from the
     * observed Q and K of the diagnostics document) and the window's own pattern, and lies in [0, 1).
     */
    @Test
    void aHeadsCoverageIsTheMassTheWindowsPatternKeeps() {
        int n = 32;
        int layer = 2;
        int head = 5;
        Cell window = cell("window-4", n);
        double reported = window.diagnostics().coverage().get(layer).get(head);
        AttentionPattern pattern = PluginRegistry.load().factory(window.variant()).create(window.params()).pattern().orElseThrow();
        double[] expected = new double[1];
        try (LoadedModel model = LoadedModel.open(results.config())) {
            int[] document = model.documents(n, 1).get(0); // diagnostics: { documents: 1 } is the cell's first document
            List<Attention> full = new java.util.ArrayList<>();
            PluginRegistry plugins = PluginRegistry.load();
            for (int l = 0; l < model.shape().layers(); l++) {
                full.add(plugins.factory("full").create(java.util.Map.of()));
            }
            new BertEncoder(model.weights(), full).forward(document, null, null, new LayerObserver() {
                @Override
                public void attentionInput(int l, AttentionInput in) {
                    if (l == layer) {
                        double[] p = AttentionMaps.probabilities(in.q()[head], in.k()[head], n, in.dHead(), null, false);
                        expected[0] = AttentionMaps.coverage(p, n, null, AttentionMaps.patternMask(pattern, n, false));
                    }
                }
            });
        }
        assertTrue(reported >= 0 && reported < 1, "a window of 4 in 32 tokens misses some mass: " + reported);
        assertEquals(expected[0], reported, 1e-9);
    }

    @Test
    void diagnosticsJsonGathersThemBySize() throws IOException {
        JsonNode tree = ResultsJson.MAPPER.readTree(run.resolve("diagnostics.json").toFile());
        assertEquals(1, tree.get("documents").asInt());
        JsonNode sizes = tree.get("sizes");
        assertEquals(2, sizes.size());
        assertEquals(16, sizes.get(0).get("contextSize").asInt());
        assertEquals(32, sizes.get(1).get("contextSize").asInt());
        JsonNode at32 = sizes.get(1);
        assertEquals(6, at32.get("referenceEntropy").size());
        assertEquals(List.of("full", "window-all", "window-4", "linear"),
                java.util.stream.StreamSupport.stream(at32.get("variants").spliterator(), false).map(v -> v.get("label").asText()).toList());
        assertEquals(cell("window-4", 32).diagnostics().layerDrift().get(5), at32.get("variants").get(2).get("layerDrift").get(5).asDouble());
        assertTrue(at32.get("variants").get(0).get("coverage").isNull());
    }

    @Test
    void theHtmlReportShowsTheDiagnosticsChartsTablesAndMaps() throws IOException {
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"diagnostics\">Diagnostics</h2>"), "section");
        // three run charts (accuracy, latency, memory) + three diagnostics charts (drift, entropy, coverage)
        assertEquals(6, html.split("data:image/png;base64,", -1).length - 1);
        for (String title : List.of("Diagnostics: drift per layer at n=32", "Diagnostics: drift per layer at n=16",
                "Diagnostics: entropy of full attention per layer", "Diagnostics: coverage vs context size",
                "Diagnostics: coverage per layer (share", "Diagnostics: coverage of window-4 per layer and head at n=32",
                "Diagnostics: coverage of window-all per layer and head at n=32")) {
            assertTrue(html.contains(title), title);
        }
        assertEquals(3, html.split("<table class=\"heatmap\">", -1).length - 1, "two coverage maps and one entropy map");
        assertTrue(html.contains("<td>window-4, layer 5</td>"), "coverage table row");
    }

    @Test
    void theMarkdownReportHasTheTables() throws IOException {
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("## Diagnostics\n\n"), md);
        String drift = md.lines().filter(l -> l.startsWith("| full |")).filter(l -> l.split("\\|").length == 8).findFirst().orElseThrow();
        assertEquals("| full | 1.00000 | 1.00000 | 1.00000 | 1.00000 | 1.00000 | 1.00000 |", drift);
        assertTrue(md.contains("| layer | n=16 | n=32 |"), md);
        assertTrue(md.contains("| window-all, layer 0 | 1.0000 | 1.0000 |"), md);
    }

    @Test
    void aResumedRunKeepsTheFinishedCellsDiagnostics() throws IOException {
        Path half = tmp.resolve("out-diag-half").resolve("run");
        Files.createDirectories(half);
        Files.copy(run.resolve("run.json"), half.resolve("run.json"));
        List<String> lines = Files.readAllLines(run.resolve("cells.jsonl"));
        Files.writeString(half.resolve("cells.jsonl"), String.join("\n", lines.subList(0, 5)) + "\n");
        Cli cli = Cli.sweep(config.toString(), "--resume", half.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults resumed = ResultsReader.read(half);
        for (int i = 0; i < results.cells().size(); i++) {
            assertEquals(results.cells().get(i).diagnostics(), resumed.cells().get(i).diagnostics(), results.cells().get(i).key());
        }
        assertTrue(Files.exists(half.resolve("diagnostics.json")));
    }

    @Test
    void offMeansNoDiagnosticsAnywhere() throws IOException {
        Path off = write("off", CONFIG.replace("enabled: true", "enabled: false").replace("[16, 32]", "[8]"));
        Cli cli = Cli.sweep(off.toString());
        assertEquals(0, cli.code, cli.toString());
        Path offRun = Cli.onlyRunFolder(tmp.resolve("out-off"));
        RunResults r = ResultsReader.read(offRun);
        assertEquals(4, r.cells().size());
        r.cells().forEach(c -> assertNull(c.diagnostics(), c.key()));
        assertFalse(Files.exists(offRun.resolve("diagnostics.json")));
        assertFalse(Files.readString(offRun.resolve("report.html")).contains("Diagnostics"));
        assertFalse(Files.readString(offRun.resolve("report.md")).contains("Diagnostics"));
        assertNotNull(r.config().diagnostics());
    }
}
