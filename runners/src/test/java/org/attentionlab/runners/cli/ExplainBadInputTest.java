package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.explain.ExplainRequest;
import org.attentionlab.runners.explain.ExplainTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnlab explain}'s refusals that need no model run, quick enough for the unit tests (ExplainCommandIT
 * checks each one end to end): one line, exit 2, no page.
 */
class ExplainBadInputTest {

    /** all-MiniLM's shape. */
    static final BertConfig MINILM = new BertConfig(6, 384, 12, 1536, 1e-12f, 512, 30522, 2);

    @TempDir
    Path tmp;

    private ExperimentConfig config(Path output) throws IOException {
        Path file = tmp.resolve("explain.yaml");
        Files.writeString(file, ExplainCommandIT.CONFIG.replace("OUT", output.toString()));
        return Experiments.load(file);
    }

    private String refusal(ExplainRequest request) throws IOException {
        ExperimentConfig c = config(tmp.resolve("out"));
        return assertThrows(UserFacingException.class, () -> request.resolve(c, MINILM.layers(), MINILM.heads(), MINILM.maxPositions())).getMessage();
    }

    @Test
    void theDefaultsAreTheFirstDocumentTheSmallestSizeOfAtLeast128AndEveryVariantButFull() throws IOException {
        ExplainTarget t = new ExplainRequest(null, null, null).resolve(config(tmp.resolve("out")), MINILM.layers(), MINILM.heads(),
                MINILM.maxPositions());
        assertEquals(0, t.document());
        assertEquals(32, t.n(), "no size of 128 or more: the largest");
        assertEquals(List.of("window-8", "top-4", "linear"), t.variants().stream().map(v -> v.label()).toList());
    }

    @Test
    void aDocumentPastTheCorpus() throws IOException {
        assertEquals("--document 2 is past the corpus: explain has 2 documents (corpus.documents); pass --document 0 to 1",
                refusal(new ExplainRequest(2, null, null)));
        assertEquals("--document -1 is past the corpus: explain has 2 documents (corpus.documents); pass --document 0 to 1",
                refusal(new ExplainRequest(-1, null, null)));
    }

    @Test
    void anNTheModelCannotTake() throws IOException {
        assertEquals("--n 513: all-minilm-l6-v2 takes 2 to 512 tokens; pass --n 2 to 512 (the experiment's sizes are [32])",
                refusal(new ExplainRequest(null, 513, null)));
        assertEquals("--n 1: all-minilm-l6-v2 takes 2 to 512 tokens; pass --n 2 to 512 (the experiment's sizes are [32])",
                refusal(new ExplainRequest(null, 1, null)));
    }

    @Test
    void aRopeModelTakesAnyNFromTwo() throws IOException {
        ExperimentConfig c = config(tmp.resolve("out"));
        assertEquals(2048, new ExplainRequest(null, 2048, List.of("window-8")).resolve(c, 2, 2, 0).n(), "no position table: no upper bound");
        assertEquals("--n 1: all-minilm-l6-v2 takes 2 or more tokens; pass --n 2 or more (the experiment's sizes are [32])",
                assertThrows(UserFacingException.class, () -> new ExplainRequest(null, 1, null).resolve(c, 2, 2, 0)).getMessage());
    }

    @Test
    void aVariantLabelNotInTheConfig() throws IOException {
        assertEquals("--variants: no variant labelled 'window-9' in explain; its labels are full, window-8, top-4, linear",
                refusal(new ExplainRequest(null, null, List.of("linear", "window-9"))));
    }

    @Test
    void aRunFolderWithoutResultsAndAnUnwritableOutputAndAKernelSweepAreRefusedBeforeTheModelLoads() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        Cli noResults = Cli.run("explain", empty.toString());
        assertEquals(2, noResults.code, noResults.toString());
        assertEquals("error: not a finished run: " + empty + " has no results.json\n", noResults.err);

        Path blocker = Files.writeString(tmp.resolve("a-file"), "in the way");
        Path file = tmp.resolve("unwritable.yaml");
        Files.writeString(file, ExplainCommandIT.CONFIG.replace("OUT", blocker.resolve("out").toString()));
        Cli unwritable = Cli.run("explain", file.toString());
        assertEquals(2, unwritable.code, unwritable.toString());
        assertEquals(1, unwritable.err.lines().count(), unwritable.err);
        assertTrue(unwritable.err.startsWith("error: output folder " + blocker.resolve("out") + " is not writable: cannot create it ("),
                unwritable.err);

        Path kernel = tmp.resolve("kernel.yaml");
        Files.writeString(kernel, """
                name: kernels
                kind: kernel
                contextSizes: [64]
                variants: [{ name: full }, { name: linear }]
                output: %s
                """.formatted(tmp.resolve("kernel-out")));
        Cli k = Cli.run("explain", kernel.toString());
        assertEquals(2, k.code, k.toString());
        assertEquals("error: explain shows a model's attention on text; kernels is a kind: kernel sweep (random Q, K, V): "
                + "pass a model experiment\n", k.err);
        assertFalse(Files.exists(tmp.resolve("kernel-out").resolve("attention.html")));
    }
}
