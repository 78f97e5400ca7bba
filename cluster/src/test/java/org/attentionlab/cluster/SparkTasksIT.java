package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks with known answers (issue 19) on embedded Spark ({@code local[2]}) against the same config on the local engine:
 * every cell's task scores, the reference's and the truncation baseline's per size are the local engine's, query by
 * query; and a Spark run interrupted after its first size resumes with them.
 */
class SparkTasksIT {

    @TempDir
    Path tmp;

    private static final String SPARK = "execution: { engine: spark, master: 'local[2]', documentsPerTask: 1 }\n";

    @Test
    void recallOnTheInductionHeadDecoderScoresAsTheLocalEngine() throws IOException {
        String sweep = """
                reference: { model: induction-head }
                tasks:
                  - { task: recall, pairs: [2, 4], queries: 8, vocab: 256, seed: 1 }
                contextSizes: [64, 128]
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-16, params: { width: 16 } }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """;
        RunResults spark = run("recall-spark", sweep + SPARK);
        RunResults local = run("recall-local", sweep);
        assertSameTasks(local, spark);
        assertNull(spark.truncatedTasks());
        // full attention answers every query, a 16-token window none of these (every pair is farther back)
        assertEquals(1.0, cell(spark, "full", 128).tasks().get("recall").score());
        assertEquals(0.0, cell(spark, "window-16", 128).tasks().get("recall").score());
    }

    @Test
    void passkeyOnAnExtendedEncoderScoresAsTheLocalEngineAndResumes() throws IOException {
        String sweep = """
                reference: { model: all-minilm-l6-v2, positions: { extendTo: 640, method: copy, cache: CACHE } }
                tasks:
                  - { task: passkey, documents: 4, depths: [0, 100], seed: 1 }
                corpus: { documents: 2 }
                contextSizes: [64, 128]
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-8, params: { width: 8 } }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """.replace("CACHE", tmp.resolve("cache").toString());
        RunResults spark = run("passkey-spark", sweep + SPARK);
        RunResults local = run("passkey-local", sweep);
        assertSameTasks(local, spark);
        assertEquals(local.truncatedTasks(), spark.truncatedTasks());
        assertEquals(2, spark.truncatedTasks().size());
        for (int i = 0; i < local.cells().size(); i++) {
            assertEquals(local.cells().get(i).accuracy().value("embeddingCosine"), spark.cells().get(i).accuracy().value("embeddingCosine"), 1e-6);
        }

        // interrupted after the first size: cells.jsonl holds n=64's cells only; the resumed run scores n=64's references
        // again (no cell of that size runs) and keeps the recorded cells' task scores
        Path folder = Runs.onlyRunFolder(tmp.resolve("out-passkey-spark"));
        Path cells = folder.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(cells).stream().filter(l -> l.contains("\"contextSize\":64")).toList();
        assertEquals(2, lines.size(), String.join("\n", lines));
        Files.write(cells, lines);
        Files.delete(folder.resolve("results.json"));
        Runs resumed = Runs.attnlab("run", "--no-progress", tmp.resolve("passkey-spark.yaml").toString(), "--resume", folder.toString());
        assertEquals(0, resumed.code(), resumed.toString());
        RunResults again = ResultsReader.read(folder);
        assertSameTasks(local, again);
        assertEquals(local.truncatedTasks(), again.truncatedTasks());
    }

    private RunResults run(String name, String body) throws IOException {
        Runs runs = Runs.attnlab("run", "--no-progress", Runs.config(tmp, name, body).toString());
        assertEquals(0, runs.code(), runs.toString());
        return ResultsReader.read(Runs.onlyRunFolder(tmp.resolve("out-" + name)));
    }

    /** Each cell's task scores (score, per query, breakdowns, seed) and the reference's per size, equal to the local engine's. */
    private static void assertSameTasks(RunResults local, RunResults spark) {
        assertEquals(local.cells().size(), spark.cells().size());
        for (int i = 0; i < local.cells().size(); i++) {
            Cell l = local.cells().get(i);
            Cell s = spark.cells().get(i);
            assertEquals(l.key(), s.key());
            assertTrue(s.ok(), s.key() + ": " + s.error());
            assertNotNull(s.tasks(), s.key() + " has no task scores");
            assertEquals(l.tasks(), s.tasks(), s.key());
        }
        assertEquals(2, spark.referenceTasks().size());
        assertEquals(local.referenceTasks(), spark.referenceTasks());
    }

    private static Cell cell(RunResults results, String label, int n) {
        return results.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }
}
