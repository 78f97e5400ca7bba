package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recall on any decoder by path, beside its corpus documents: a tiny GPT-2 export (seeded weights, so its recall is
 * whatever it is) run on token ids. Each cell holds both the agreement metrics and the task's scores; full attention's
 * hits are the reference's query by query (the same model within the gate's 1e-3), and the reference's scores are
 * recorded per size.
 */
class DecoderTasksTest {

    @TempDir
    Path dir;

    @Test
    void recallRunsBesideTheDocumentsOfAnExportByPath() throws IOException {
        DecoderFixtures.tokens(dir, 2, 48, 1);
        Path onnx = DecoderFixtures.export(dir, false);
        Path config = dir.resolve("recall.yaml");
        Files.writeString(config, """
                name: recall-by-path
                reference: { onnx: %s }
                corpus: { tokens: ids.txt, documents: 2 }
                contextSizes: [16, 48]
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-4, params: { width: 4 } }
                tasks:
                  - { task: recall, pairs: [2, 4], queries: 3, vocab: 96, seed: 2 }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: %s
                """.formatted(onnx, dir.resolve("out")));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults r = ResultsReader.read(Cli.onlyRunFolder(dir.resolve("out")));
        for (int n : new int[] {16, 48}) {
            Cell full = r.cells().stream().filter(c -> c.label().equals("full") && c.contextSize() == n).findFirst().orElseThrow();
            assertNotNull(full.accuracy(), "the corpus documents' agreement metrics");
            TaskScore mine = full.tasks().get("recall");
            assertEquals(2 + 3, mine.perQuery().size(), "2 queries of 2 pairs, 3 of 4");
            assertEquals(2L, mine.seed());
            SizeTasks reference = r.referenceTasks().stream().filter(s -> s.contextSize() == n).findFirst().orElseThrow();
            assertEquals(reference.tasks().get("recall").perQuery(), mine.perQuery(), "full attention is the reference at n=" + n);
            assertEquals(java.util.List.of("2", "4"), java.util.List.copyOf(mine.byPairs().keySet()));
        }
        assertNull(r.truncatedTasks(), "no extension, no truncation row");
    }
}
