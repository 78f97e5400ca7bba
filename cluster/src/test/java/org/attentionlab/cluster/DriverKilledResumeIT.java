package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver of a Spark sweep is killed (SIGKILL) once it has recorded a cell; the run is then resumed, on
 * the local engine: every cell is there once, the ones recorded before the kill kept as they were.
 */
class DriverKilledResumeIT {

    static final String SWEEP = """
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 3 }
            contextSizes: [16, 32, 64]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-4, params: { width: 4, globalTokens: 1 } }
            measure: { warmup: 0, repetitions: 1, threads: 1 }
            output: OUT
            execution: { engine: spark, master: 'local[2]', documentsPerTask: 2 }
            """;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedDriverResumesToACompleteRunWithoutDuplicates() throws Exception {
        Path config = Runs.config(tmp, "killed", SWEEP);
        Path output = tmp.resolve("out-killed");
        Process driver = startDriver(config);
        Path cells;
        List<String> before;
        try {
            cells = awaitFirstCell(output, driver);
            driver.destroyForcibly();
            assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the killed driver exits");
            before = Files.readAllLines(cells).stream().filter(l -> !l.isBlank()).toList();
        } finally {
            driver.destroyForcibly();
        }
        assertTrue(before.size() < 6, "killed before the end: " + before.size() + " cells");
        Path run = cells.getParent();

        Runs resumed = Runs.attnlab("run", "--no-progress", config.toString(), "--engine", "local", "--resume", run.toString());
        assertEquals(0, resumed.code(), resumed.toString());

        List<String> lines = Files.readAllLines(cells).stream().filter(l -> !l.isBlank()).toList();
        Set<String> keys = new HashSet<>();
        for (String line : lines) {
            assertTrue(keys.add(ResultsJson.MAPPER.readValue(line, Cell.class).key()), "duplicate cell: " + line);
        }
        assertEquals(Set.of("full@16", "window-4@16", "full@32", "window-4@32", "full@64", "window-4@64"), keys);
        int kept = 0;
        for (String line : before) {
            // a torn last line (killed mid-write) is dropped on resume; every whole one is kept verbatim
            if (lines.contains(line)) {
                kept++;
            }
        }
        assertTrue(kept >= before.size() - 1 && kept >= 1, "kept " + kept + " of " + before.size());
        RunResults results = ResultsReader.read(run);
        assertEquals(6, results.cells().size());
        assertTrue(results.cells().stream().allMatch(Cell::ok));
    }

    /** {@code attnlab run} in a JVM of its own, with this JVM's flags and classpath. */
    private Process startDriver(Path config) throws IOException {
        List<String> command = Runs.ownJvm(List.of("-Xmx1500m"), "run", "--no-progress", config.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("driver.log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private Path awaitFirstCell(Path output, Process driver) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(output)) {
                File[] runs = output.toFile().listFiles();
                if (runs != null && runs.length == 1) {
                    Path cells = runs[0].toPath().resolve("cells.jsonl");
                    if (Files.exists(cells) && Files.size(cells) > 0) {
                        return cells;
                    }
                }
            }
            if (!driver.isAlive()) {
                throw new AssertionError("the driver exited before recording a cell:\n" + Files.readString(tmp.resolve("driver.log")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no cell recorded within 5 minutes:\n" + Files.readString(tmp.resolve("driver.log")));
    }
}
