package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.tensor.AttentionGemm;
import org.attentionlab.core.tensor.FusedAttentionKernel;
import org.attentionlab.runners.WrittenResults;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The sweep end to end on all-minilm-l6-v2 at tiny sizes: files, failed cells, resume (compare: CompareCommandTest). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandTest {

    @TempDir
    static Path tmp;

    private Path config;
    private Path firstRun;
    private RunResults first;
    private String firstOut;

    private Path writeConfig(String name, String body) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, "name: " + name + "\n" + body.replace("OUT", tmp.resolve("out-" + name).toString()));
        return file;
    }

    static final String TINY = """
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 3 }
            contextSizes: [8, 16]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-4, params: { width: 4, globalTokens: 1 } }
              - { name: failing, label: broken, params: { failAbove: 8 } }
              - { name: linear }
            measure: { warmup: 0, repetitions: 2, threads: 1 }
            output: OUT
            """;

    @BeforeAll
    void runOnce() throws IOException {
        config = writeConfig("tiny", TINY);
        Cli cli = Cli.sweep(config.toString());
        assertEquals(3, cli.code, cli.toString()); // broken@16 fails by design
        firstOut = cli.out;
        firstRun = Cli.onlyRunFolder(tmp.resolve("out-tiny"));
        WrittenResults.assertConformsToSchema(firstRun);
        first = ResultsReader.read(firstRun);
    }

    @Test
    void writesEveryFileOfARunFolder() throws IOException {
        for (String f : List.of("run.json", "cells.jsonl", "results.json", "results.csv", "report.md", "report.html")) {
            assertTrue(Files.isRegularFile(firstRun.resolve(f)), f);
        }
        assertEquals(8, Files.readAllLines(firstRun.resolve("cells.jsonl")).size());
        assertEquals(9, Files.readAllLines(firstRun.resolve("results.csv")).size());
        // the engine is recorded per session (a resume may use the other one)
        assertTrue(Files.readString(firstRun.resolve("sessions.jsonl")).contains("\"cellsBefore\":0,\"engine\":\"local\"}"),
                Files.readString(firstRun.resolve("sessions.jsonl")));
        assertEquals(RunResults.SCHEMA_VERSION, first.schemaVersion());
        assertTrue(first.trustworthy());
        assertTrue(first.gate().passed());
        assertEquals(List.of(8, 16), first.gate().checks().stream().map(c -> c.contextSize()).toList());
        assertEquals("window-4", first.cells().get(1).label());
        assertEquals(java.util.Map.of("width", 4, "globalTokens", 1), Map(first.cells().get(1)));
    }

    private static java.util.Map<String, Object> Map(Cell c) {
        java.util.Map<String, Object> p = new java.util.HashMap<>(c.params());
        p.keySet().retainAll(List.of("width", "globalTokens"));
        return p;
    }

    @Test
    void fullAttentionMatchesTheReferenceAndTheWindowDoesNot() {
        Cell full = cell(first, "full", 16);
        assertTrue(full.accuracy().tokenCosineMin() >= 0.99999, full.toString());
        assertTrue(full.accuracy().embeddingCosine() >= 0.99999, full.toString());
        // 3 documents: too few passages for the retrieval test, which is absent and says why
        assertNull(full.accuracy().retrievalRecallAtK());
        assertTrue(full.accuracy().retrievalNote().startsWith("retrieval needs a pool of at least 100 passages"), full.accuracy().retrievalNote());
        assertEquals(3, full.accuracy().perDocument().get("embeddingCosine").size());
        assertEquals(2, full.cost().latencySamplesMs().size());
        assertEquals(2, full.cost().referenceSamplesMs().size());
        assertTrue(full.cost().latencyMsMedian() > 0);
        assertTrue(full.cost().referenceLatencyMsMedian() > 0);
        assertEquals(full.cost().latencyMsMedian() / full.cost().referenceLatencyMsMedian(), full.cost().latencyRatioToReference(), 1e-9);
        Cell window = cell(first, "window-4", 16);
        assertTrue(window.accuracy().tokenCosineMean() < 0.9999, window.toString());
        // the plugins' cost models: tiled full (the default) holds per kernel thread (1 here), on the register-fused
        // kernel, K and V packed in whole key tiles, a query panel's transposed queries and outputs, its softmax
        // state and one bias tile of (block + 2 key tiles) x panel (on the strip schedule, without 256-bit vectors:
        // packed K and V, one strip's 12 x 256 span of scores, its 12 x 32 outputs, a tile's max and sum), plus the
        // block map of one full tile (16 bytes)
        var kernel = FusedAttentionKernel.forThisMachine();
        long perThread = kernel.isPresent()
                ? 2 * kernel.get().packedLength(16, 32) + 2L * kernel.get().panelRows() * 32 + kernel.get().stateLength()
                        + (64L + 2 * kernel.get().tileKeys()) * kernel.get().panelRows()
                : AttentionGemm.packedKeysLength(16, 32) + AttentionGemm.packedValuesLength(16, 32)
                        + 12 * (AttentionGemm.padded(256) + AttentionGemm.panelWidth()) + 12 * 32 + 2 * 64;
        assertEquals(perThread * 4 + 16, full.cost().attentionScratchBytes());
        // at n = 16 the window's one tile holds every pair: the block-sparse engine computes them all, plus its
        // online rescaling, so the window costs about what full does here (it pays from a few tiles on)
        assertTrue(window.cost().attentionFlops() < 1.2 * full.cost().attentionFlops());
        // recorded with the defaults filled, and built again from them
        Cell linear = cell(first, "linear", 16);
        assertEquals(Cell.OK, linear.status(), linear.toString());
        assertEquals(java.util.Map.of("featureMap", "elu"), linear.params());
        assertEquals(java.util.Map.of("algorithm", "tiled", "blockSize", 64), full.params());
    }

    /**
     * Issue 23, item 14: a model run's attention GFLOP/s divide by the attention stages' own time inside the forward
     * (each repetition's attention is part of its forward, so the median is strictly shorter): at 0f95926 they
     * divided by the whole forward's latency, 0.32 GFLOP/s for full at n = 32.
     */
    @Test
    void aModelRunsAttentionGflopsAreOverAttentionTimeNotTheWholeForward() {
        for (Cell c : first.cells()) {
            if (c.ok() && c.cost().attentionFlops() > 0) {
                double overForward = org.attentionlab.runners.results.Cost.gflopsPerSecond(c.cost().attentionFlops(), c.cost().latencyMsMedian());
                assertTrue(c.cost().attentionGflopsPerSecond() > overForward, c.key() + ": " + c.cost());
            }
        }
    }

    /** Issue 23, item 12: every cell reports its keys per query in results.json and the reports. */
    @Test
    void everyCellReportsItsKeysPerQuery() throws IOException {
        assertEquals(new org.attentionlab.runners.results.KeysPerQuery(16, 16), cell(first, "full", 16).cost().keysPerQuery());
        assertEquals(new org.attentionlab.runners.results.KeysPerQuery(16, 16), cell(first, "linear", 16).cost().keysPerQuery());
        var window = cell(first, "window-4", 16).cost().keysPerQuery();
        assertTrue(window.max() == 16 && window.mean() < 8, window.toString()); // the global token sees all; the band far fewer
        String md = Files.readString(firstRun.resolve("report.md"));
        assertTrue(md.contains("## Keys per query (mean over queries; max)"), md);
        assertTrue(Files.readString(firstRun.resolve("results.csv")).startsWith(
                "variant,label,params,layers,contextSize,documents,status,error,"), "csv");
        assertTrue(Files.readString(firstRun.resolve("results.json")).contains("\"keysPerQuery\" : {"));
    }

    @Test
    void aFailingCellIsRecordedAndTheSweepGoesOn() {
        Cell ok = cell(first, "broken", 8);
        assertEquals(Cell.OK, ok.status());
        Cell failed = cell(first, "broken", 16);
        assertEquals(Cell.FAILED, failed.status());
        assertEquals("IllegalStateException: deliberate failure at n=16", failed.error());
        assertNull(failed.accuracy());
    }

    @Test
    void printsTheTablesAndTheReportPath() throws IOException {
        Path cfg = writeConfig("printed", TINY.replace("contextSizes: [8, 16]", "contextSizes: [8]"));
        Cli cli = Cli.sweep(cfg.toString());
        assertEquals(0, cli.code, cli.toString());
        assertTrue(cli.out.contains("Latency per forward (median; ratio to full; p10-p90 of the repetitions)"), cli.out);
        assertTrue(cli.out.contains("embeddingCosine against the reference"), cli.out);
        assertTrue(cli.out.contains("report: " + Cli.onlyRunFolder(tmp.resolve("out-printed")).resolve("report.html")), cli.out);
    }

    @Test
    void resumeAfterAHalfFinishedRunGivesTheSameCells() throws IOException {
        Path half = tmp.resolve("out-tiny-half").resolve("run");
        Files.createDirectories(half);
        // as an older attnlab wrote it: without the fields added to the schema since (their defaults apply)
        var runJson = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.MAPPER.readTree(firstRun.resolve("run.json").toFile());
        var stored = (com.fasterxml.jackson.databind.node.ObjectNode) runJson.get("config");
        stored.remove("diagnostics");
        ((com.fasterxml.jackson.databind.node.ObjectNode) stored.get("measure")).remove("fitFrom");
        ResultsJson.MAPPER.writeValue(half.resolve("run.json").toFile(), runJson);
        List<String> lines = Files.readAllLines(firstRun.resolve("cells.jsonl"));
        // three cells finished, the fourth torn mid-write
        Files.writeString(half.resolve("cells.jsonl"), String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 20));
        Cli cli = Cli.sweep(config.toString(), "--resume", half.toString());
        assertEquals(3, cli.code, cli.toString());
        assertEquals("warning: line 4 of cells.jsonl was not a cell (cut by a kill, or damaged): removed, their bytes kept in "
                + "cells.jsonl.removed; those cells run again\n", cli.err);
        RunResults resumed = ResultsReader.read(half);
        assertEquals(first.cells().stream().map(Cell::key).toList(), resumed.cells().stream().map(Cell::key).toList());
        for (int i = 0; i < first.cells().size(); i++) {
            Cell a = first.cells().get(i);
            Cell b = resumed.cells().get(i);
            assertEquals(a.status(), b.status());
            if (a.ok()) {
                // the same numbers up to float rounding (the Vector API's interpreted and compiled paths round
                // differently before the JIT has run, so runs agree to ~1e-8, not bit for bit)
                assertEquals(a.accuracy().embeddingCosine(), b.accuracy().embeddingCosine(), 1e-6, a.key());
                assertEquals(a.accuracy().tokenCosineMean(), b.accuracy().tokenCosineMean(), 1e-6, a.key());
                assertEquals(a.accuracy().relL2(), b.accuracy().relL2(), 1e-6, a.key());
            }
        }
        // the three finished cells were kept as they were, timings included
        assertEquals(first.cells().get(0).cost(), resumed.cells().get(0).cost());
        assertEquals(8, Files.readAllLines(half.resolve("cells.jsonl")).size());
    }

    @Test
    void resumeOfAFolderMadeByAnotherConfigIsRefused() throws IOException {
        Path other = writeConfig("tiny", TINY.replace("documents: 3", "documents: 4"));
        Path half = tmp.resolve("out-other").resolve("run");
        Files.createDirectories(half);
        Files.copy(firstRun.resolve("run.json"), half.resolve("run.json"));
        Cli cli = Cli.sweep(other.toString(), "--resume", half.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: cannot resume " + half + ": it was made by another config (corpus.documents: 3 in the run vs 4 now)\n", cli.err);
    }

    @Test
    void aFinishedRunWithoutAFailedCellIsNeverResumed() throws IOException {
        Path cfg = writeConfig("allok", TINY.replace("contextSizes: [8, 16]", "contextSizes: [8]"));
        assertEquals(0, Cli.sweep(cfg.toString()).code);
        Path run = Cli.onlyRunFolder(tmp.resolve("out-allok"));
        String results = Files.readString(run.resolve("results.json"));
        Cli cli = Cli.run("run", "--resume", run.toString(), cfg.toString());
        assertEquals(2, cli.code);
        assertEquals("error: cannot resume " + run + ": the run is already finished (results.json exists) and no cell failed: "
                + "nothing to run again\n", cli.err);
        assertEquals(results, Files.readString(run.resolve("results.json")));
    }

    /**
     * Issue 23, item 7: a run that exited 3 says "--resume runs them again", and it does: the failed cell runs again
     * (here it now succeeds, as a cell that failed for a passing reason would), the ok cells are kept as they were,
     * and results.json and the reports are written anew. At 0f95926 the resume was refused: "already finished".
     */
    @Test
    void aFinishedRunWithAFailedCellResumesThatCellAndRewritesItsReports() throws IOException {
        Path copy = tmp.resolve("out-rerun").resolve("run");
        Files.createDirectories(copy);
        // the same run, as if broken's limit had been 16 all along and its failure at 16 a passing one
        for (String f : List.of("run.json", "cells.jsonl", "sessions.jsonl", "results.json", "results.csv", "report.md", "report.html")) {
            String text = Files.readString(firstRun.resolve(f)).replaceAll("\"failAbove\"( ?: ?)8", "\"failAbove\"$116");
            Files.writeString(copy.resolve(f), text);
        }
        assertTrue(Files.readString(copy.resolve("report.md")).contains("deliberate failure at n=16"));
        Path cfg = tmp.resolve("tiny-rerun.yaml"); // the same name and output as the first run's config
        Files.writeString(cfg, Files.readString(config).replace("failAbove: 8", "failAbove: 16"));
        Cli cli = Cli.sweep(cfg.toString(), "--resume", copy.toString());
        assertEquals(0, cli.code, cli.toString());
        WrittenResults.assertConformsToSchema(copy);
        RunResults rerun = ResultsReader.read(copy);
        assertEquals(first.cells().stream().map(Cell::key).toList(), rerun.cells().stream().map(Cell::key).toList());
        assertTrue(rerun.cells().stream().allMatch(Cell::ok), rerun.cells().toString());
        assertEquals(first.cells().get(0).cost(), rerun.cells().get(0).cost()); // an ok cell is not run again
        assertEquals(9, Files.readAllLines(copy.resolve("cells.jsonl")).size()); // the failed attempt stays as history
        assertTrue(!Files.readString(copy.resolve("report.md")).contains("deliberate failure"), "report.md drawn anew");
        assertTrue(!Files.readString(copy.resolve("results.csv")).contains("deliberate failure"), "results.csv drawn anew");
    }

    /**
     * Issue 23, item 4: a variant whose output is NaN fails its cell, named (status failed, the figure and the
     * document), the run exits 3, and the folder's results.json passes its schema, so report, compare and history
     * read it. At 0f95926 the cell was "ok" with "NaN" strings, and every reader of the folder refused the file.
     */
    @Test
    void aCellWithANonFiniteFigureFailsNamedAndItsRunStaysReadable() throws IOException {
        Path cfg = writeConfig("nan", TINY.replace("contextSizes: [8, 16]", "contextSizes: [8, 16]")
                .replace("  - { name: failing, label: broken, params: { failAbove: 8 } }\n",
                        "  - { name: nan-output, label: overflowed, params: { nanAbove: 8 } }\n"));
        Cli cli = Cli.sweep(cfg.toString());
        assertEquals(3, cli.code, cli.toString());
        assertTrue(cli.out.contains("\n1 of 8 cells failed: overflowed@16 "), cli.out);
        Path run = Cli.onlyRunFolder(tmp.resolve("out-nan"));
        WrittenResults.assertConformsToSchema(run);
        RunResults results = ResultsReader.read(run);
        assertEquals(Cell.OK, cell(results, "overflowed", 8).status());
        Cell nan = cell(results, "overflowed", 16);
        assertEquals(Cell.FAILED, nan.status());
        assertEquals("non-finite accuracy: tokenCosineMean is NaN (document 0) (the variant's output holds NaN or infinity)", nan.error());
        assertEquals(0, Cli.run("report", run.toString()).code);
        assertEquals(0, Cli.run("compare", run.toString(), run.toString()).code);
        Cli history = Cli.run("history", tmp.resolve("out-nan").toString());
        assertEquals(0, history.code, history.toString());
    }

    @Test
    void reportDrawsAFinishedRunsReportsAgain() throws IOException {
        Path copy = tmp.resolve("redrawn");
        Files.createDirectories(copy);
        Files.copy(firstRun.resolve("results.json"), copy.resolve("results.json"));
        Cli cli = Cli.run("report", copy.toString());
        assertEquals(0, cli.code, cli.toString());
        assertEquals(Files.readString(firstRun.resolve("report.md")), Files.readString(copy.resolve("report.md")));
        assertEquals(Files.readString(firstRun.resolve("results.csv")), Files.readString(copy.resolve("results.csv")));
        assertTrue(Files.readString(copy.resolve("report.html")).contains("<td>window-4</td>"));
        Cli missing = Cli.run("report", tmp.resolve("nowhere").toString());
        assertEquals(2, missing.code);
        assertEquals("error: not a run folder: " + tmp.resolve("nowhere") + "\n", missing.err);
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsRefused() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Path cfg = writeConfig("blocked", TINY.replace("OUT", file.resolve("sub").toString()));
        Cli cli = Cli.sweep(cfg.toString());
        assertEquals(2, cli.code, cli.toString());
        assertTrue(cli.err.startsWith("error: cannot create output folder " + file.resolve("sub") + ": "), cli.err);
        assertEquals(1, cli.err.lines().count());
    }

    @Test
    void aContextSizeAboveTheModelsMaximumIsRefusedBeforeAnythingRuns() throws IOException {
        Path cfg = writeConfig("toolong", TINY.replace("contextSizes: [8, 16]", "contextSizes: [8, 600]"));
        Cli cli = Cli.sweep(cfg.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + cfg + ":4:19: context size 600 exceeds the maximum positions 512 of all-minilm-l6-v2\n", cli.err);
        assertTrue(Files.notExists(tmp.resolve("out-toolong")));
    }

    @Test
    void aRunWithAFailedCellExitsThreeAndNamesIt() {
        assertTrue(firstOut.contains("\n1 of 8 cells failed: broken@16 (their errors are in the report; --resume runs them again)\n"), firstOut);
    }

    @Test
    void aResumeWhoseInputChangedBehindItsPathIsRefused() throws IOException {
        Path half = tmp.resolve("out-changed").resolve("run");
        Files.createDirectories(half);
        var runJson = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.MAPPER.readTree(firstRun.resolve("run.json").toFile());
        var corpus = (com.fasterxml.jackson.databind.node.ObjectNode) runJson.get("inputs").get(2);
        assertEquals("corpus", corpus.get("role").asText());
        String now = corpus.get("sha256").asText();
        corpus.put("sha256", "0".repeat(64)); // as if the text behind the name had been different when the run started
        ResultsJson.MAPPER.writeValue(half.resolve("run.json").toFile(), runJson);
        Cli cli = Cli.sweep(config.toString(), "--resume", half.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: cannot resume " + half + ": the corpus europarl-en changed since the run started (SHA-256 000000000000... then, "
                + now.substring(0, 12) + "... now); start a new run\n", cli.err);
    }

    @Test
    void aCorpusTooSmallForItsDocumentsIsRefusedBeforeAnythingRuns() throws IOException {
        Path corpus = tmp.resolve("one-line.txt");
        Files.writeString(corpus, "a single line of text that every document would repeat\n");
        Path cfg = writeConfig("oneline", TINY.replace("corpus: { source: europarl-en, documents: 3 }", "corpus: { file: one-line.txt, documents: 3 }"));
        Cli cli = Cli.sweep(cfg.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + cfg + ":3:1: the corpus is too small: 3 documents of 8 tokens would repeat text (they read 3 lines; "
                + corpus + " has 1 distinct line); give more text, fewer documents, or corpus: { allowRepeats: true }\n", cli.err);
        assertTrue(Files.notExists(tmp.resolve("out-oneline")));
    }

    private static Cell cell(RunResults r, String label, int n) {
        return r.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }
}
