package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Positions past the model's 512 in small runs: documents that wrap around a small corpus are reported; bad
 * positions settings are one line and exit 2. The whole extended sweeps are in {@link LongContextRunIT}.
 */
class LongContextRunTest {

    @TempDir
    Path tmp;

    private Path config(String name, String body) throws IOException {
        return config(tmp, name, body);
    }

    /** {@code dir/name.yaml}: the experiment {@code name} with CACHE and OUT replaced by folders under {@code dir}. */
    static Path config(Path dir, String name, String body) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\n"
                + body.replace("CACHE", dir.resolve("cache").toString()).replace("OUT", dir.resolve("out").toString()));
    }

    @Test
    void documentsThatWrapAroundTheCorpusAreReported() throws Exception {
        // repeats must be allowed to run at all (validate refuses them otherwise); the reports still say so
        Files.writeString(tmp.resolve("small.txt"), "one short line of text\nanother short line\n");
        Path file = config("wrap", """
                reference: { model: all-minilm-l6-v2 }
                corpus: { file: SMALL, documents: 2, allowRepeats: true }
                contextSizes: [16]
                variants:
                  - { name: full }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """.replace("SMALL", tmp.resolve("small.txt").toString()));
        Cli cli = Cli.sweep(file.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults r = ResultsReader.read(Cli.latestRunFolder(tmp.resolve("out")));
        assertEquals(2, r.corpus().corpusLines());
        assertEquals(2, r.corpus().distinctLines());
        assertTrue(r.corpus().repeats());
        assertTrue(cli.out.contains("They wrap around the corpus, so text repeats"), cli.out);
        assertTrue(Files.readString(Cli.latestRunFolder(tmp.resolve("out")).resolve("report.md")).contains("They wrap around the corpus, so text repeats"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            positions: { extendTo: 70000, method: copy }     | 2:52: 'reference.positions.extendTo' must be in [2, 65536] (and above the model's own positions), got 70000
            positions: { extendTo: 4096, method: rope }      | 2:68: 'reference.positions.method' must be one of copy, group, interpolate, got 'rope'
            positions: { method: copy }                      | 2:39: 'reference.positions' needs 'extendTo': the new number of positions, e.g. 4096
            """)
    void badPositionsAreOneLineAndExitTwo(String positions, String message) throws Exception {
        Path file = config("bad", "reference: { model: all-minilm-l6-v2, " + positions + " }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        Cli cli = Cli.run("validate", file.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + file + ":" + message + "\n", cli.err);
    }

    @Test
    void sizesAboveExtendToAndPositionsUnderAKernelAreRefused() throws Exception {
        Path above = config("above", "reference: { model: all-minilm-l6-v2, positions: { extendTo: 1024 } }\ncontextSizes: [512, 2048]\n"
                + "variants: [ { name: full } ]\n");
        Cli cli = Cli.run("validate", above.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + above + ":3:21: context size 2048 exceeds positions.extendTo 1024 of all-minilm-l6-v2; raise extendTo or drop the size\n",
                cli.err);

        Path kernel = config("kernel", "kind: kernel\nreference: { positions: { extendTo: 4096 } }\ncontextSizes: [512]\nvariants: [ { name: full } ]\n");
        cli = Cli.run("validate", kernel.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + kernel + ":3:14: 'reference.positions' does not apply to kind: kernel (random Q, K, V have no positions; "
                + "a kernel sweep takes any contextSizes)\n", cli.err);
    }

    @Test
    void aCacheFolderThatCannotBeWrittenIsOneLine() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Path file = config("cache", "reference: { model: all-minilm-l6-v2, positions: { extendTo: 1024, cache: " + blocker.resolve("sub")
                + " } }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        Cli cli = Cli.run("validate", file.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertTrue(cli.err.startsWith("error: " + file + ":2:"), cli.err);
        assertTrue(cli.err.contains("the positions cache folder " + blocker.resolve("sub") + " cannot be written ("), cli.err);
    }

    @Test
    void anExtensionThatDoesNotGoPastTheModelsPositionsIsRefusedWhenTheModelIsRead() throws Exception {
        Path file = config("short", "reference: { model: all-minilm-l6-v2, positions: { extendTo: 512, cache: CACHE } }\ncontextSizes: [16]\n"
                + "variants: [ { name: full } ]\noutput: OUT\n");
        Cli cli = Cli.sweep(file.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: positions.extendTo 512 must exceed the 512 positions all-minilm-l6-v2 already has\n", cli.err);
    }
}
