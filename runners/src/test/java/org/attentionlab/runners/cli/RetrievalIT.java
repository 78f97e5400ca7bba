package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrieval test on a real pool: 100 documents of all-minilm-l6-v2 at n = 32, each one's first sentence a
 * query over the rest of all of them. Full attention retrieves what the reference retrieves; linear attention
 * (elu), whose embeddings are far off (embeddingCosine ~ 0.4), does not.
 */
class RetrievalIT {

    @TempDir
    Path tmp;

    @Test
    void linearEluRetrievesClearlyWorseThanFullOnARealPool() throws IOException {
        Path config = tmp.resolve("retrieval.yaml");
        Files.writeString(config, """
                name: retrieval-test
                reference: { model: all-minilm-l6-v2 }
                corpus: { source: europarl-en, documents: 100 }
                contextSizes: [32]
                variants:
                  - { name: full }
                  - { name: linear, params: { featureMap: elu } }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                retrieval: { k: 10, minPool: 100 }
                output: OUT
                """.replace("OUT", tmp.resolve("out").toString()));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults results = ResultsReader.read(Cli.onlyRunFolder(tmp.resolve("out")));
        Accuracy full = cell(results, "full").accuracy();
        Accuracy linear = cell(results, "linear").accuracy();
        assertNull(full.retrievalNote());
        assertEquals(10, full.retrievalK());
        assertEquals(100, full.perDocument().get("retrievalRecallAtK").size());
        assertTrue(full.retrievalRecallAtK() >= 0.99, "full recall@10 " + full.retrievalRecallAtK());
        assertTrue(full.retrievalTop1() >= 0.98, "full top-1 " + full.retrievalTop1());
        assertTrue(linear.retrievalRecallAtK() < full.retrievalRecallAtK() - 0.3, "linear recall@10 " + linear.retrievalRecallAtK());
        assertTrue(linear.retrievalTop1() < full.retrievalTop1() - 0.3, "linear top-1 " + linear.retrievalTop1());
        System.out.printf("[retrieval] n=32, 100 passages: recall@10 full %.3f linear %.3f; top-1 full %.3f linear %.3f%n",
                full.retrievalRecallAtK(), linear.retrievalRecallAtK(), full.retrievalTop1(), linear.retrievalTop1());
    }

    private static Cell cell(RunResults r, String label) {
        return r.cells().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
    }
}
