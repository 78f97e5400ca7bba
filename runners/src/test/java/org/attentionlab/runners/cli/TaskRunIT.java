package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks with known answers through whole runs (failsafe, profile it): an experiment with tasks and no corpus runs
 * the tasks alone (cells hold task scores and no agreement metrics); full attention scores what the reference
 * scores; the reports carry a section per task; an extended model gets the truncation row.
 */
class TaskRunIT {

    @TempDir
    Path tmp;

    static final String BEIR = Path.of("../configs/data/mini-beir").toAbsolutePath().normalize().toString();

    @Test
    void tasksAloneScoreFullAttentionLikeTheReference() throws IOException {
        Path config = tmp.resolve("tasks.yaml");
        Files.writeString(config, """
                name: tasks-test
                reference: { model: all-minilm-l6-v2 }
                contextSizes: [64, 128]
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-8, params: { width: 8 } }
                tasks:
                  - { task: passkey, documents: 6, depths: [0, 50, 100], seed: 3 }
                  - { task: needle, documents: 4, depths: [0, 100] }
                  - { task: retrieval, format: beir, path: BEIR }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """.replace("BEIR", BEIR).replace("OUT", tmp.resolve("out").toString()));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        Path run = runFolder();
        RunResults results = ResultsReader.read(run);
        assertEquals(0, results.config().corpus().documents(), "tasks alone: no agreement documents");
        for (int n : new int[] {64, 128}) {
            Cell full = cell(results, "full", n);
            assertNull(full.accuracy());
            SizeTasks reference = results.referenceTasks().stream().filter(s -> s.contextSize() == n).findFirst().orElseThrow();
            for (String task : new String[] {"passkey", "needle", "retrieval"}) {
                TaskScore mine = full.tasks().get(task);
                TaskScore ref = reference.tasks().get(task);
                assertNotNull(mine, task);
                // full attention is the reference within the gate's 1e-3: every query's outcome is the same
                assertEquals(ref.perQuery(), mine.perQuery(), task + " at n=" + n);
            }
            assertEquals(6, full.tasks().get("passkey").perQuery().size());
            assertEquals(3L, full.tasks().get("passkey").seed());
            assertEquals(3, full.tasks().get("passkey").byDepth().size());
            assertEquals(12, full.tasks().get("retrieval").perQuery().size(), "q13 judges nothing relevant and is not scored");
            assertNotNull(full.tasks().get("retrieval").recallAt100());
        }
        assertNull(results.truncatedTasks(), "not extended: no truncation row");
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("## Task: passkey"), md);
        assertTrue(md.contains("## Task: retrieval"), md);
        assertTrue(cli.out.contains("passkey"), cli.out);
    }

    @Test
    void anExtendedModelGetsTheTruncationRow() throws IOException {
        Path config = tmp.resolve("extended.yaml");
        Files.writeString(config, """
                name: tasks-extended
                reference: { model: all-minilm-l6-v2, positions: { extendTo: 640, method: copy, cache: CACHE } }
                contextSizes: [128, 640]
                variants:
                  - { name: full }
                tasks:
                  - { task: passkey, documents: 4, depths: [0, 100] }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """.replace("CACHE", tmp.resolve("cache").toString()).replace("OUT", tmp.resolve("out").toString()));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults results = ResultsReader.read(runFolder());
        assertEquals("truncate-512", results.truncationLabel());
        assertEquals(2, results.truncatedTasks().size());
        TaskScore reference128 = results.referenceTasks().get(0).tasks().get("passkey");
        TaskScore truncated128 = results.truncatedTasks().get(0).tasks().get("passkey");
        // at 128 tokens nothing is cut: the model as shipped and the extended one agree on the first 512 positions
        assertEquals(reference128.perQuery(), truncated128.perQuery());
        assertEquals(4, results.truncatedTasks().get(1).tasks().get("passkey").perQuery().size());
        assertTrue(cli.out.contains("truncate-512"), cli.out);
        assertTrue(Files.readString(runFolder().resolve("report.md")).contains("| truncate-512 |"));
    }

    private Path runFolder() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            return s.findFirst().orElseThrow();
        }
    }

    static Cell cell(RunResults r, String label, int n) {
        return r.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }
}
