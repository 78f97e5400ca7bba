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
 * Bad task input through validate and run: one line, exit 2, before any forward pass and before a run folder
 * exists. The whole runs are in {@code TaskRunIT}.
 */
class TaskRunTest {

    @TempDir
    Path tmp;

    @Test
    void recallOnAnEncoderIsRefusedBeforeAnyForward() throws IOException {
        Path config = write("recall.yaml", "contextSizes: [64]\ntasks: [ { task: recall, pairs: [8], queries: 4 } ]\n");
        Cli validate = Cli.run("validate", config.toString());
        assertEquals(2, validate.code);
        assertEquals("error: " + config + ":4:12: tasks[0]: task recall reads a decoder's next-token prediction; all-minilm-l6-v2 is an "
                + "encoder (its tasks are passkey, needle and retrieval)\n", validate.err);
        Cli run = Cli.sweep(config.toString());
        assertEquals(validate.err, run.err);
        assertTrue(!Files.exists(tmp.resolve("out")) || Files.list(tmp.resolve("out")).findAny().isEmpty(), "no run folder");
    }

    @Test
    void aSizeTooSmallForTheStatementIsRefusedBeforeAnyForward() throws IOException {
        Path config = write("small.yaml", "contextSizes: [16, 64]\ntasks: [ { task: passkey, documents: 5 } ]\n");
        Cli validate = Cli.run("validate", config.toString());
        assertEquals(2, validate.code);
        assertTrue(validate.err.startsWith("error: " + config + ":3:16: context size 16 cannot hold task passkey's inserted statement: it takes up to "),
                validate.err);
        assertEquals(1, validate.err.lines().count());
    }

    @Test
    void aMalformedLabelledSetIsRefusedWithFileAndLineBeforeAnyForward() throws IOException {
        Path beir = tmp.resolve("beir");
        Files.createDirectories(beir.resolve("qrels"));
        Files.writeString(beir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"one\"}\n{\"_id\": \"d2\" \"text\": \"two\"}\n");
        Files.writeString(beir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"what\"}\n");
        Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        Path config = write("beir.yaml", "contextSizes: [64]\ntasks: [ { task: retrieval, path: beir } ]\n");
        Cli run = Cli.sweep(config.toString());
        assertEquals(2, run.code, run.toString());
        assertTrue(run.err.startsWith("error: " + beir.resolve("corpus.jsonl") + ":2: invalid JSON: "), run.err);
        assertEquals(1, run.err.lines().count());
        assertTrue(!Files.exists(tmp.resolve("out")) || Files.list(tmp.resolve("out")).findAny().isEmpty(), "no run folder");
    }

    private Path write(String name, String body) throws IOException {
        Path config = tmp.resolve(name);
        Files.writeString(config, "name: bad\nreference: { model: all-minilm-l6-v2 }\n" + body
                + "variants: [ { name: full } ]\nmeasure: { warmup: 0, repetitions: 1 }\noutput: " + tmp.resolve("out") + "\n");
        return config;
    }

}
