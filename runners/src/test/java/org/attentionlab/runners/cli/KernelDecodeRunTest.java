package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.runners.config.KernelSpec;
import org.attentionlab.runners.execute.KernelWorkload;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A causal kernel sweep with grouped-query heads ({@code kernel: { heads, kvHeads, dHead, causal }}): the
 * inputs share a group's key and value arrays, every decoding variant's cell carries its decode figures beside
 * full attention's, and the cache bytes show the key/value heads and the policy (full grows with n, a window
 * does not); a bad kvHeads is one line.
 */
class KernelDecodeRunTest {

    @TempDir
    Path tmp;

    @Test
    void aCausalGroupedQuerySweepTimesDecodingAndReportsTheCacheOfEachPolicy() throws Exception {
        Path config = tmp.resolve("gqa.yaml");
        Files.writeString(config, """
                name: gqa
                kind: kernel
                contextSizes: [16, 64]
                variants:
                  - { name: full }
                  - { name: sliding-window, label: width-8, params: { width: 8 } }
                  - { name: heavy-hitter, label: h2o, params: { recent: 4, heavy: 4 } }
                measure: { warmup: 0, repetitions: 2, threads: 1 }
                kernel: { heads: 4, kvHeads: 2, dHead: 16, seed: 3, causal: true }
                output: OUT
                """.replace("OUT", tmp.resolve("out").toString()));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        Path run = Cli.onlyRunFolder(tmp.resolve("out"));
        RunResults results = ResultsReader.read(run);
        assertEquals(2, results.config().kernel().keyValueHeads());
        long perKey = 2L * 2 * 16 * Float.BYTES; // keys and values of 2 kv heads
        int steps = 32;
        for (int n : List.of(16, 64)) {
            Cell full = cell(results, "full", n);
            assertEquals(perKey * (n + steps), full.cost().kvCacheBytes(), "full keeps every key at n=" + n);
            assertEquals(perKey * 8, cell(results, "width-8", n).cost().kvCacheBytes(), "a window keeps its band at n=" + n);
            assertEquals(perKey * 8, cell(results, "h2o", n).cost().kvCacheBytes(), "heavy-hitter keeps recent + heavy at n=" + n);
            for (String label : List.of("full", "width-8", "h2o")) {
                Cell c = cell(results, label, n);
                assertTrue(c.cost().decodeMsPerTokenMedian() > 0 && c.cost().prefillMsMedian() > 0, label + "@" + n);
                assertTrue(c.cost().referenceDecodeMsPerTokenMedian() > 0, label + "@" + n);
                assertEquals(2, c.cost().decodeSamplesMsPerToken().size());
            }
            assertTrue(full.accuracy().tokenCosineMin() > 0.999999, "full against itself");
        }
        assertTrue(Files.readString(run.resolve("report.md")).contains("4 heads (2 key/value heads) x dHead 16"));
    }

    @Test
    void groupedQueryInputsShareAGroupsArraysAndAnEncoderSweepTimesNoDecoding() {
        AttentionInput gqa = KernelWorkload.randomInput(8, new KernelSpec(4, 2, 8, 1L, true));
        assertSame(gqa.k()[0], gqa.k()[1]);
        assertSame(gqa.v()[2], gqa.v()[3]);
        assertTrue(gqa.k()[1] != gqa.k()[2]);
        // without kvHeads the inputs are those of the sweeps made before it existed: q, then k, then v, per head
        AttentionInput mha = KernelWorkload.randomInput(8, new KernelSpec(4, null, 8, 1L, false));
        AttentionInput same = KernelWorkload.randomInput(8, new KernelSpec(4, 4, 8, 1L, false));
        for (int h = 0; h < 4; h++) {
            assertTrue(java.util.Arrays.equals(mha.k()[h], same.k()[h]) && mha.k()[h] != mha.k()[(h + 1) % 4]);
        }
    }

    @Test
    void aKvHeadsThatDoesNotDivideHeadsIsOneLine() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "name: bad\nkind: kernel\ncontextSizes: [8]\nvariants: [ { name: full } ]\n"
                + "kernel: { heads: 6, kvHeads: 4, dHead: 8 }\n");
        Cli cli = Cli.run("validate", config.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + config + ":5:21: 'kernel.kvHeads' must be >= 1 and divide kernel.heads (6), got 4\n", cli.err);
        Files.writeString(config, Files.readString(config).replace("kvHeads: 4", "kvHeads: 2"));
        Cli ok = Cli.run("validate", config.toString());
        assertEquals(0, ok.code, ok.toString());
        assertTrue(ok.out.contains("kernel sweep, 6 heads (2 key/value heads) x dHead 8"), ok.out);
        assertNull(KernelSpec.defaults().kvHeads());
    }

    private static Cell cell(RunResults results, String label, int n) {
        return results.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }
}
