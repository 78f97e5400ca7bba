package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.attentionlab.core.model.ExtendedExportCache;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * all-minilm-l6-v2 run past its 512 positions (extended to 640 by copy, so that the test stays
 * small): the gate passes at 600 tokens, results.json records the extension and the corpus lines,
 * every output says it, the rewritten export is cached in the configured folder and reused; bad
 * positions settings are one line and exit 2.
 */
class LongContextRunTest {

    @TempDir
    Path tmp;

    private Path config(String name, String body) throws IOException {
        return Files.writeString(tmp.resolve(name + ".yaml"), "name: " + name + "\n"
                + body.replace("CACHE", tmp.resolve("cache").toString()).replace("OUT", tmp.resolve("out").toString()));
    }

    private static Path onlyRunFolder(Path output) throws IOException {
        try (Stream<Path> s = Files.list(output)) {
            List<Path> runs = s.sorted().toList();
            return runs.get(runs.size() - 1);
        }
    }

    @Test
    void runsTheExtendedModelAndSaysSoEverywhere() throws Exception {
        Path file = config("ext", """
                reference: { model: all-minilm-l6-v2, positions: { extendTo: 640, method: copy, cache: CACHE } }
                corpus: { source: europarl-en, documents: 1 }
                contextSizes: [16, 600]
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-256, params: { width: 256 } }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """);
        Cli cli = Cli.sweep(file.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults r = ResultsReader.read(onlyRunFolder(tmp.resolve("out")));
        assertTrue(r.gate().passed(), r.gate().toString());
        assertEquals(List.of(16, 600), r.gate().checks().stream().map(c -> c.contextSize()).toList());

        assertEquals(512, r.positions().sourceRows());
        assertEquals("copy", r.positions().method());
        assertEquals(640, r.positions().extendTo());
        Path cached;
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            cached = s.filter(p -> p.toString().endsWith("-copy-640.onnx")).findFirst().orElseThrow();
        }
        assertEquals(cached.toString(), r.positions().cachedFile());
        assertEquals(ExtendedExportCache.sha256(Files.readAllBytes(cached)), r.positions().cachedSha256());

        assertEquals(600, r.corpus().contextSize());
        assertTrue(r.corpus().distinctLines() >= 2 && r.corpus().distinctLines() < r.corpus().corpusLines(), r.corpus().toString());
        assertFalse(r.corpus().repeats());

        String sentence = "Positions 512 to 639 of all-minilm-l6-v2 are filled by copy from its 512 learned rows (extended to 640), "
                + "and the ONNX Runtime reference runs the same extended export (sha256 " + r.positions().cachedSha256().substring(0, 12) + ").";
        assertTrue(cli.out.contains(sentence), cli.out);
        Path run = onlyRunFolder(tmp.resolve("out"));
        assertTrue(Files.readString(run.resolve("report.md")).contains(sentence));
        assertTrue(Files.readString(run.resolve("report.html")).contains(sentence));

        // a second run reuses the cached export
        long modified = Files.getLastModifiedTime(cached).toMillis();
        Cli again = Cli.sweep(file.toString());
        assertEquals(0, again.code, again.toString());
        assertEquals(modified, Files.getLastModifiedTime(cached).toMillis());
    }

    /**
     * The parity check at 4096 with the real {@code full} plugin: the copied table out to 4096 rows,
     * the Java encoder against ONNX Runtime on the rewritten export at the gate's bounds (cosine >= 0.99999,
     * max abs <= 1e-3) on one Europarl document of 4096 tokens. About half a minute here.
     */
    @Test
    void passesTheGateAt4096Tokens() throws Exception {
        Path file = config("ext4096", """
                reference: { model: all-minilm-l6-v2, positions: { extendTo: 4096, method: copy, cache: CACHE } }
                corpus: { source: europarl-en, documents: 1 }
                contextSizes: [4096]
                variants:
                  - { name: full }
                measure: { warmup: 0, repetitions: 1, threads: 2 }
                output: OUT
                """);
        Cli cli = Cli.sweep(file.toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults r = ResultsReader.read(onlyRunFolder(tmp.resolve("out")));
        assertTrue(r.gate().passed(), r.gate().toString());
        assertEquals(List.of(4096), r.gate().checks().stream().map(c -> c.contextSize()).distinct().toList());
        assertTrue(r.gate().checks().stream().allMatch(c -> c.tokenCosineMin() >= 0.99999 && c.maxAbsError() <= 1e-3),
                r.gate().toString());
        assertEquals(4096, r.positions().extendTo());
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
        RunResults r = ResultsReader.read(onlyRunFolder(tmp.resolve("out")));
        assertEquals(2, r.corpus().corpusLines());
        assertEquals(2, r.corpus().distinctLines());
        assertTrue(r.corpus().repeats());
        assertTrue(cli.out.contains("They wrap around the corpus, so text repeats"), cli.out);
        assertTrue(Files.readString(onlyRunFolder(tmp.resolve("out")).resolve("report.md")).contains("They wrap around the corpus, so text repeats"));
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
