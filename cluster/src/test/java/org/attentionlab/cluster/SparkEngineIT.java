package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.testing.PluginJars;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small sweep on embedded Spark ({@code local[2]}, documents split over tasks) against the same sweep on
 * the local engine: the same cells, the same accuracy to 1e-6, every file of a run folder, a failing variant
 * recorded as failed while the rest completes, and the host that timed each cell. One variant is a plugin from
 * outside the class path ({@code plugins:}), which the executors load from the driver's plugin path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkEngineIT {

    static final String SWEEP = """
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 5 }
            contextSizes: [16, 32]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-4, params: { width: 4, globalTokens: 1 } }
              - { name: failing, label: broken, params: { failAbove: 16 } }
            measure: { warmup: 0, repetitions: 2, threads: 1 }
            retrieval: { k: 2, minPool: 5 }
            output: OUT
            """;

    @TempDir
    static Path tmp;

    private Path sparkRun;
    private RunResults spark;
    private RunResults local;

    @BeforeAll
    void runBothEngines() throws IOException {
        Path jar = PluginJars.plugin("org.example.band", "ext-band", "\"banded attention from a jar\"").writeTo(tmp.resolve("ext-band.jar"), tmp);
        String sweep = SWEEP.replace("  - { name: failing", "  - { name: ext-band, label: ext-band-2, params: { w: 2 } }\n  - { name: failing")
                + "plugins: [" + jar + "]\n";
        // exit 3: the run finished with a failed cell (the failing variant), on either engine
        Runs onSpark = Runs.attnlab("run", "--no-progress", Runs.config(tmp, "spark", sweep
                + "execution: { engine: spark, master: 'local[2]', documentsPerTask: 2 }\n").toString());
        assertEquals(3, onSpark.code(), onSpark.toString());
        sparkRun = Runs.onlyRunFolder(tmp.resolve("out-spark"));
        spark = ResultsReader.read(sparkRun);
        Runs onLocal = Runs.attnlab("run", "--no-progress", Runs.config(tmp, "local", sweep).toString());
        assertEquals(3, onLocal.code(), onLocal.toString());
        local = ResultsReader.read(Runs.onlyRunFolder(tmp.resolve("out-local")));
    }

    @Test
    void theExternalPluginRanOnTheExecutorsAndIsRecorded() {
        List<Cell> band = spark.cells().stream().filter(c -> c.label().equals("ext-band-2")).toList();
        assertEquals(2, band.size());
        assertTrue(band.stream().allMatch(Cell::ok), band.toString());
        assertEquals(1, spark.plugins().size());
        assertTrue(spark.plugins().get(0).path().endsWith("ext-band.jar"), spark.plugins().toString());
    }

    @Test
    void cellsEqualTheLocalEnginesAccuracy() {
        assertEquals(local.cells().size(), spark.cells().size());
        for (int i = 0; i < local.cells().size(); i++) {
            Cell l = local.cells().get(i);
            Cell s = spark.cells().get(i);
            assertEquals(l.key(), s.key());
            assertEquals(l.status(), s.status(), s.key());
            assertEquals(l.documents(), s.documents(), s.key());
            if (!l.ok()) {
                continue;
            }
            Accuracy a = l.accuracy();
            Accuracy b = s.accuracy();
            String at = s.key();
            assertEquals(a.tokenCosineMean(), b.tokenCosineMean(), 1e-6, at);
            assertEquals(a.tokenCosineMin(), b.tokenCosineMin(), 1e-6, at);
            assertEquals(a.relL2(), b.relL2(), 1e-6, at);
            assertEquals(a.maxAbsError(), b.maxAbsError(), 1e-6, at);
            assertEquals(a.embeddingCosine(), b.embeddingCosine(), 1e-6, at);
            // the retrieval test (a pool of 5, k = 2) over the cell's documents, split over tasks on Spark
            assertNotNull(b.retrievalRecallAtK(), at);
            assertEquals(a.retrievalRecallAtK(), b.retrievalRecallAtK(), 1e-6, at);
            assertEquals(a.retrievalTop1(), b.retrievalTop1(), 1e-6, at);
            assertEquals(a.retrievalK(), b.retrievalK(), at);
            assertNull(b.retrievalNote(), at);
            assertEquals(a.perDocument().keySet(), b.perDocument().keySet(), at);
            assertNotNull(s.cost().latencyMsMedian(), at);
            assertNotNull(s.cost().referenceLatencyMsMedian(), at);
        }
        assertTrue(spark.trustworthy());
        assertTrue(spark.gate().passed());
    }

    @Test
    void writesEveryFileOfARunFolder() throws IOException {
        for (String f : List.of("run.json", "cells.jsonl", "results.json", "results.csv", "report.md", "report.html")) {
            assertTrue(Files.isRegularFile(sparkRun.resolve(f)), f);
        }
        assertEquals(8, Files.readAllLines(sparkRun.resolve("cells.jsonl")).size());
    }

    @Test
    void aFailingVariantIsRecordedAndTheRestCompletes() {
        Cell at16 = spark.cells().stream().filter(c -> c.key().equals("broken@16")).findFirst().orElseThrow();
        Cell at32 = spark.cells().stream().filter(c -> c.key().equals("broken@32")).findFirst().orElseThrow();
        assertTrue(at16.ok(), String.valueOf(at16.error()));
        assertEquals(Cell.FAILED, at32.status());
        assertEquals("IllegalStateException: deliberate failure at n=32", at32.error());
        assertEquals(7, spark.cells().stream().filter(Cell::ok).count());
    }

    @Test
    void eachCellNamesTheHostThatTimedItAndTheReportSaysSo() throws IOException {
        for (Cell c : spark.cells()) {
            if (c.ok()) {
                assertNotNull(c.timedOn(), c.key());
                assertEquals(ExecutorTasks.host(), c.timedOn().host());
                assertEquals(1, c.timedOn().environment().threads());
            } else {
                assertNull(c.timedOn(), c.key());
            }
        }
        assertTrue(local.cells().stream().allMatch(c -> c.timedOn() == null));
        String report = Files.readString(sparkRun.resolve("report.md"));
        assertTrue(report.contains("## Timed on"), report);
        assertTrue(report.contains("| " + ExecutorTasks.host() + " |"), report);
        assertTrue(report.contains("window-4 @ 32"), report);
    }
}
