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
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.attentionlab.runners.tasks.Recall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall (Zoology's MQAR) through whole runs on the built-in induction-head decoder (failsafe, profile it): the model
 * passes the gate against ONNX Runtime; full attention and the reference answer every query; a window of 64 keys back
 * answers every query at distance <= 64 and none farther; top-k keeps them; the reports carry the recall section; and
 * compare flags the window's recall drop against full attention and passes a run against itself.
 */
class RecallRunIT {

    @TempDir
    Path tmp;

    private Path config(String name, String variants) throws IOException {
        Path config = tmp.resolve(name + ".yaml");
        Files.writeString(config, """
                name: recall-test
                reference: { model: induction-head }
                contextSizes: [64, 96, 512]
                variants:
                VARIANTS
                tasks:
                  - { task: recall, pairs: [4, 16], queries: 16, seed: 5 }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """.replace("VARIANTS", variants).replace("OUT", tmp.resolve(name).toString()));
        return config;
    }

    private static Cell cell(RunResults r, String label, int n) {
        return r.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }

    @Test
    void fullRecallsEveryPairAndAWindowLosesExactlyThePairsPastItsReach() throws IOException {
        Path config = config("sweep", """
                  - { name: full }
                  - { name: sliding-window, label: window-64, params: { width: 65 } }
                  - { name: masked, label: window-64-sinks-4, params: { mask: "window(64) | sinks(4)" } }
                  - { name: top-k, label: top-8, params: { k: 8 } }""");
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        Path run = Cli.onlyRunFolder(tmp.resolve("sweep"));
        RunResults results = ResultsReader.read(run);
        assertTrue(results.gate().passed(), "the induction head passes the gate against ONNX Runtime: " + results.gate());
        assertEquals(0, results.config().corpus().documents(), "tasks alone");
        for (int n : new int[] {64, 96, 512}) {
            SizeTasks reference = results.referenceTasks().stream().filter(s -> s.contextSize() == n).findFirst().orElseThrow();
            TaskScore ref = reference.tasks().get("recall");
            assertEquals(4 + 16, ref.perQuery().size());
            assertTrue(ref.score() >= 0.99, "the reference at n=" + n + ": " + ref.score());
            TaskScore full = cell(results, "full", n).tasks().get("recall");
            assertTrue(full.score() >= 0.99, "full at n=" + n + ": " + full.score());
            assertNull(cell(results, "full", n).accuracy(), "no corpus documents: no agreement metrics");
            assertEquals(Map.of("4", 1.0, "16", 1.0), full.byPairs());
            assertEquals(1.0, cell(results, "top-8", n).tasks().get("recall").score(), "top-k keeps every pair at n=" + n);
            // the window: a hit exactly where the query reaches the value, distance <= 64
            TaskScore window = cell(results, "window-64", n).tasks().get("recall");
            List<Recall.Sequence> sequences = List.of(Recall.sequence(n, 4, 16, 256, 5), Recall.sequence(n, 16, 16, 256, 5));
            int q = 0;
            for (Recall.Sequence s : sequences) {
                for (Recall.Query query : s.queries()) {
                    assertEquals(query.distance() <= 64 ? 1.0 : 0.0, window.perQuery().get(q++), "window-64, n=" + n + ", " + query);
                }
            }
            for (Map.Entry<String, Double> bucket : window.byDistance().entrySet()) {
                int upper = Recall.bucketUpper(bucket.getKey());
                if (upper <= 64) {
                    assertEquals(1.0, bucket.getValue(), "window-64 keeps distance " + bucket.getKey() + " at n=" + n);
                } else {
                    assertEquals(0.0, bucket.getValue(), "window-64 loses distance " + bucket.getKey() + " at n=" + n);
                }
            }
            // sinks(4) hold positions 0-3: the filler, pair 0's key and value, pair 1's key; only pair 0 comes back
            TaskScore sinks = cell(results, "window-64-sinks-4", n).tasks().get("recall");
            q = 0;
            for (Recall.Sequence s : sequences) {
                for (Recall.Query query : s.queries()) {
                    boolean firstPair = query.key() == s.ids()[1];
                    assertEquals(query.distance() <= 64 || firstPair ? 1.0 : 0.0, sinks.perQuery().get(q++), "sinks, n=" + n + ", " + query);
                }
            }
        }
        assertTrue(cell(results, "window-64", 96).tasks().get("recall").byDistance().keySet().containsAll(List.of("33-64", "65-128")),
                "at n=96 the window's reach splits the pairs");
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("## Task: recall"), md);
        assertTrue(md.contains("accuracy by distance x n: window-64"), md);
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("id=\"task-recall\""), "the HTML report's recall section");
        assertTrue(cli.out.contains("Task: recall (accuracy, mean over queries)"), cli.out);

        Cli itself = Cli.run("compare", run.toString(), run.toString());
        assertEquals(0, itself.code, itself.toString());
    }

    @Test
    void compareFlagsTheWindowsRecallDrop() throws IOException {
        Cli base = Cli.sweep(config("base", "  - { name: full, label: candidate }").toString());
        assertEquals(0, base.code, base.toString());
        Cli now = Cli.sweep(config("now", "  - { name: sliding-window, label: candidate, params: { width: 65 } }").toString());
        assertEquals(0, now.code, now.toString());
        Cli cmp = Cli.run("compare", "--allow-different", Cli.onlyRunFolder(tmp.resolve("base")).toString(), Cli.onlyRunFolder(tmp.resolve("now")).toString());
        assertEquals(1, cmp.code, cmp.toString());
        assertTrue(cmp.out.lines().anyMatch(l -> l.contains("candidate@512") && l.contains("task:recall") && l.contains("REGRESSION")), cmp.out);
        assertNotNull(cmp.out);
    }
}
