package org.attentionlab.runners.cli;

import static org.attentionlab.runners.Fixtures.cell;
import static org.attentionlab.runners.Fixtures.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

    @TempDir
    Path tmp;

    /** A finished run folder holding {@code results}, started at {@code startedAt}, made at {@code commit}. */
    private void run(String folder, RunResults r, String startedAt, String commit) throws IOException {
        Environment e = r.environment();
        Environment at = new Environment(e.javaVersion(), e.javaVendor(), e.os(), e.cpuModel(), e.cores(), e.threads(),
                e.onnxRuntimeVersion(), e.vectorWidth(), commit);
        RunResults dated = new RunResults(r.schemaVersion(), r.config(), at, startedAt, startedAt, r.gate(),
                r.trustworthy(), r.cells(), r.scaling(), null, "0.1.0-SNAPSHOT", null, null, List.of());
        Path dir = tmp.resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), ResultsJson.pretty(dated));
    }

    @Test
    void listsTheRunsOldestFirstWithOtherConfigsApartAndDrawsTheTrends() throws IOException {
        // folder names sort the other way round from their start times: the order must come from startedAt
        run("b-run", results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.97, 0.5))), "2026-12-01T10:00:00Z", "bbb");
        run("a-run", results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.95, 0.5))), "2026-12-02T10:00:00Z", "aaa");
        run("c-other", results(List.of(cell("full", 64, 1.0, 1.0), cell("window", 64, 0.90, 0.5))), "2026-12-01T12:00:00Z", "ccc");
        Cli cli = Cli.run("history", tmp.toString());
        assertEquals(0, cli.code, cli.toString());
        List<String> lines = cli.out.lines().toList();
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("b-run")).findFirst().orElseThrow());
        int second = lines.indexOf(lines.stream().filter(l -> l.startsWith("a-run")).findFirst().orElseThrow());
        int other = lines.indexOf(lines.stream().filter(l -> l.startsWith("c-other")).findFirst().orElseThrow());
        assertTrue(first < second, cli.out);
        assertTrue(lines.get(first).matches("b-run\\s+2026-12-01T10:00:00Z\\s+bbb\\s+passed\\s+1\\.0000\\s+0\\.9700"), lines.get(first));
        assertTrue(lines.get(second).matches("a-run\\s+2026-12-02T10:00:00Z\\s+aaa\\s+passed\\s+1\\.0000\\s+0\\.9500"), lines.get(second));
        // the other config is a table of its own, after the first
        assertTrue(lines.get(0).startsWith("Config 1 of 2: fixture, embeddingCosine at n=32"), cli.out);
        assertTrue(other > second && lines.stream().anyMatch(l -> l.startsWith("Config 2 of 2: fixture, embeddingCosine at n=64")), cli.out);
        String html = Files.readString(tmp.resolve("history.html"));
        assertEquals(2 * 4, html.split("data:image/png;base64,", -1).length - 1, "4 metrics charted for each of 2 configs");
        assertTrue(cli.out.endsWith("history: " + tmp.resolve("history.html") + "\n"), cli.out);
    }

    @Test
    void anotherMetricAndBadInput() throws IOException {
        run("r1", results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.97, 0.5))), "2026-12-01T10:00:00Z", "x");
        Cli ratio = Cli.run("history", tmp.toString(), "--metric", "latencyRatioToReference");
        assertTrue(ratio.out.lines().anyMatch(l -> l.matches("r1\\s+\\S+\\s+x\\s+passed\\s+1\\.0000\\s+0\\.5000")), ratio.out);
        Cli unknown = Cli.run("history", tmp.toString(), "--metric", "speed");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.startsWith("error: unknown metric 'speed'; known: tokenCosineMean, "), unknown.err);
        Cli empty = Cli.run("history", tmp.resolve("r1").toString());
        assertEquals(2, empty.code);
        assertEquals("error: no finished run (a folder with a readable results.json) under " + tmp.resolve("r1") + "\n", empty.err);
    }

    /** Issue 23, item 10: one torn results.json is skipped with one warning naming it; the rest are listed (exit 0). */
    @Test
    void aTornResultsFileIsSkippedWithOneWarningAndTheRestListed() throws IOException {
        run("r1", results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.97, 0.5))), "2026-12-01T10:00:00Z", "x");
        run("r2", results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.96, 0.5))), "2026-12-02T10:00:00Z", "y");
        Path torn = tmp.resolve("r2").resolve("results.json");
        String text = Files.readString(torn);
        Files.writeString(torn, text.substring(0, text.length() / 2)); // a copy cut short
        Cli cli = Cli.run("history", tmp.toString());
        assertEquals(0, cli.code, cli.toString());
        assertEquals("warning: skipped: not an attention-lab results file: " + torn + " (not JSON)\n", cli.err);
        assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("r1 ")), cli.out);
        assertTrue(cli.out.lines().noneMatch(l -> l.startsWith("r2 ")), cli.out);
    }

    /**
     * Issue 23, item 15: the same experiment run on the local engine and on Spark is one config in history (the engine
     * is where a session ran, not what was measured). At 0f95926 it was split into two configs.
     */
    @Test
    void runsOnAnotherEngineAreTheSameExperiment() throws IOException {
        RunResults local = results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.97, 0.5)));
        RunResults spark = new RunResults(local.schemaVersion(), local.config().withExecution(
                new org.attentionlab.runners.config.ExecutionSpec("spark", "local[2]", 8)), local.environment(), local.startedAt(),
                local.finishedAt(), local.gate(), local.trustworthy(), local.cells(), local.scaling());
        run("r1", local, "2026-12-01T10:00:00Z", "x");
        run("r2", spark, "2026-12-02T10:00:00Z", "x");
        Cli cli = Cli.run("history", tmp.toString());
        assertEquals(0, cli.code, cli.toString());
        assertTrue(cli.out.startsWith("fixture, embeddingCosine at n=32"), cli.out);
        assertTrue(cli.out.lines().noneMatch(l -> l.startsWith("Config ")), cli.out);
    }
}
