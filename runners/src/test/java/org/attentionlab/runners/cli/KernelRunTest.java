package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.testing.DenseSoftmaxOracle;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.KernelSpec;
import org.attentionlab.runners.execute.KernelWorkload;
import org.attentionlab.runners.metrics.HiddenStateComparison;
import org.attentionlab.runners.metrics.Stats;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: kernel} end to end at tiny sizes: attention alone on seeded random Q, K, V against full attention. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelRunTest {

    @TempDir
    static Path tmp;

    static final String CONFIG = """
            name: kern
            kind: kernel
            contextSizes: [16, 32]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-4, params: { width: 4 } }
              - { name: failing, label: broken, params: { failAbove: 16 } }
              - { name: linear }
            measure: { warmup: 0, repetitions: 2, threads: 1 }
            kernel: { heads: 2, dHead: 8, seed: 7 }
            output: OUT
            """;

    private Cli cli;
    private Path run;
    private RunResults results;

    @BeforeAll
    void runOnce() throws IOException {
        Path config = tmp.resolve("kern.yaml");
        Files.writeString(config, CONFIG.replace("OUT", tmp.resolve("out").toString()));
        cli = Cli.sweep(config.toString());
        assertEquals(3, cli.code, cli.toString()); // broken@32 fails by design: a run with a failed cell exits 3
        run = Cli.onlyRunFolder(tmp.resolve("out"));
        org.attentionlab.runners.WrittenResults.assertConformsToSchema(run); // the kernel sweep as a writer of results.json
        results = ResultsReader.read(run);
    }

    private Cell cell(String label, int n) {
        return results.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }

    @Test
    void writesEveryFileAndEveryCellOnce() {
        for (String f : List.of("run.json", "cells.jsonl", "results.json", "results.csv", "report.md", "report.html")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        assertEquals(ExperimentKind.KERNEL, results.config().kind());
        assertNull(results.gate(), "a kernel sweep has no model to gate");
        assertTrue(results.trustworthy());
        assertEquals(List.of("full@16", "window-4@16", "broken@16", "linear@16", "full@32", "window-4@32", "broken@32", "linear@32"),
                results.cells().stream().map(Cell::key).toList());
        results.cells().forEach(c -> assertEquals(1, c.documents(), c.key()));
        assertEquals(List.of("full", "window-4", "broken", "linear"), results.scaling().stream().map(s -> s.label()).toList());
        assertTrue(cli.out.contains("tokenCosineMean against the reference (mean over documents; lowest-highest document)"), cli.out);
    }

    @Test
    void fullAttentionAgreesWithItselfAndHasNoEmbeddings() {
        for (int n : List.of(16, 32)) {
            Cell full = cell("full", n);
            assertEquals(Cell.OK, full.status());
            assertEquals(1.0, full.accuracy().tokenCosineMean(), 1e-12);
            // full's default (tiled, the register-fused kernel) against the materialized reference: float rounding
            assertEquals(0.0, full.accuracy().relL2(), 1e-6);
            assertNull(full.accuracy().embeddingCosine(), "no sentence embeddings in a kernel sweep");
            assertNull(full.accuracy().retrievalRecallAtK());
            assertNull(full.accuracy().retrievalNote(), "a kernel sweep has no text to retrieve");
            assertRatioComesFromTheStoredSamples(full);
            assertNotNull(full.cost().attentionFlops());
        }
    }

    /**
     * Full attention timed against itself: how fast it ran depends on the machine's load and is not asserted
     * (speed belongs in benchmarks); what is asserted is that the cost is drawn from the samples it stores,
     * one per configured repetition, each a positive finite time.
     */
    private static void assertRatioComesFromTheStoredSamples(Cell cell) {
        Cost cost = cell.cost();
        int repetitions = 2; // measure.repetitions of CONFIG
        assertEquals(repetitions, cost.latencySamplesMs().size(), cell.key());
        assertEquals(repetitions, cost.referenceSamplesMs().size(), cell.key());
        Stream.concat(cost.latencySamplesMs().stream(), cost.referenceSamplesMs().stream())
                .forEach(ms -> assertTrue(ms > 0 && Double.isFinite(ms), cell.key() + ": " + cost));
        double median = Stats.median(cost.latencySamplesMs().stream().mapToDouble(Double::doubleValue).toArray());
        double reference = Stats.median(cost.referenceSamplesMs().stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(median, cost.latencyMsMedian(), 0.0, cell.key());
        assertEquals(reference, cost.referenceLatencyMsMedian(), 0.0, cell.key());
        assertEquals(median / reference, cost.latencyRatioToReference(), 1e-12 * (median / reference), cell.key());
    }

    /** The window's figures are those of the plugin run here on the same seeded inputs, against a dense softmax oracle. */
    @Test
    void aVariantsAccuracyIsItsOutputAgainstTheOracleOnTheSeededInputs() {
        PluginRegistry plugins = PluginRegistry.load();
        KernelSpec spec = results.config().kernel();
        for (int n : List.of(16, 32)) {
            Cell window = cell("window-4", n);
            AttentionInput in = KernelWorkload.randomInput(n, spec);
            Attention attention = plugins.factory("sliding-window").create(window.params());
            float[][] out = new float[spec.heads()][n * spec.dHead()];
            attention.forward(in, out);
            double[][] exact = DenseSoftmaxOracle.attention(in.q(), in.k(), in.v(), n, spec.dHead(), null, false);
            float[][] oracle = new float[spec.heads()][n * spec.dHead()];
            for (int h = 0; h < spec.heads(); h++) {
                for (int i = 0; i < oracle[h].length; i++) {
                    oracle[h][i] = (float) exact[h][i];
                }
            }
            int width = spec.heads() * spec.dHead();
            HiddenStateComparison cmp = new HiddenStateComparison(KernelWorkload.tokenMajor(out, n), KernelWorkload.tokenMajor(oracle, n), n, width);
            assertEquals(cmp.tokenCosineMean(), window.accuracy().tokenCosineMean(), 1e-6, "n=" + n);
            assertEquals(cmp.relL2(), window.accuracy().relL2(), 1e-5, "n=" + n);
            assertTrue(window.accuracy().tokenCosineMean() < 0.99, "a window of 4 is not full attention: " + window.accuracy());
        }
    }

    @Test
    void aFailingVariantFailsOnlyItsCells() {
        assertEquals(Cell.OK, cell("broken", 16).status());
        Cell failed = cell("broken", 32);
        assertEquals(Cell.FAILED, failed.status());
        assertEquals("IllegalStateException: deliberate failure at n=32", failed.error());
        assertEquals(Cell.OK, cell("linear", 32).status(), "the sweep goes on after a failed cell");
    }

    @Test
    void theSameSeedGivesTheSameInputs() {
        KernelSpec spec = results.config().kernel();
        AttentionInput a = KernelWorkload.randomInput(16, spec);
        AttentionInput b = KernelWorkload.randomInput(16, spec);
        assertEquals(Map.of("q", true, "k", true, "v", true), Map.of("q", java.util.Arrays.deepEquals(a.q(), b.q()),
                "k", java.util.Arrays.deepEquals(a.k(), b.k()), "v", java.util.Arrays.deepEquals(a.v(), b.v())));
        AttentionInput other = KernelWorkload.randomInput(16, new KernelSpec(spec.heads(), spec.kvHeads(), spec.dHead(), spec.seed() + 1, spec.causal()));
        assertTrue(!java.util.Arrays.deepEquals(a.q(), other.q()), "another seed, other inputs");
    }
}
