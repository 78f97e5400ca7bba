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
import org.attentionlab.runners.WrittenResults;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integration tests (mvn -B verify -Pit; whole sweeps past 512 positions, too long for the unit tests, see
 * ARCHITECTURE.md): all-minilm-l6-v2 extended to 640 by copy runs and passes the gate at 600 tokens, results.json
 * and every report say so, the rewritten export is cached and reused; extended to 4096, it passes the gate at
 * 4096 tokens; the cached export is checked before use and is an input that resume and compare check (issue 23).
 */
class LongContextRunIT {

    @TempDir
    Path tmp;

    private Path config(String name, String body) throws IOException {
        return LongContextRunTest.config(tmp, name, body);
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
        RunResults r = ResultsReader.read(Cli.latestRunFolder(tmp.resolve("out")));
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
        Path run = Cli.latestRunFolder(tmp.resolve("out"));
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
        RunResults r = ResultsReader.read(Cli.latestRunFolder(tmp.resolve("out")));
        assertTrue(r.gate().passed(), r.gate().toString());
        assertEquals(List.of(4096), r.gate().checks().stream().map(c -> c.contextSize()).distinct().toList());
        assertTrue(r.gate().checks().stream().allMatch(c -> c.tokenCosineMin() >= 0.99999 && c.maxAbsError() <= 1e-3),
                r.gate().toString());
        assertEquals(4096, r.positions().extendTo());
    }

    /**
     * Issue 23, items 1 and 2: the cached extended export is an input like the model file. It is recorded with its
     * SHA-256 in run.json and results.json; a copy corrupted in place (same size) is rebuilt with one warning rather
     * than run; a resume whose extended export is not the one the run started with is refused; compare refuses two
     * runs of different extended exports. At 0f95926 the corrupt file was run without a word.
     */
    @Test
    void theCachedExportIsCheckedBeforeUseAndIsAnInputOfResumeAndCompare() throws Exception {
        Path file = config("input", """
                reference: { model: all-minilm-l6-v2, positions: { extendTo: 640, method: copy, cache: CACHE } }
                corpus: { source: europarl-en, documents: 1 }
                contextSizes: [16, 32]
                variants:
                  - { name: full }
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                output: OUT
                """);
        Cli cli = Cli.sweep(file.toString());
        assertEquals(0, cli.code, cli.toString());
        Path run = Cli.latestRunFolder(tmp.resolve("out"));
        RunResults r = ResultsReader.read(run);
        Path cached = Path.of(r.positions().cachedFile());
        var export = r.inputs().stream().filter(i -> i.role().equals("extended export")).findFirst().orElseThrow();
        assertEquals(cached.toString(), export.path());
        assertEquals(r.positions().cachedSha256(), export.sha256());
        WrittenResults.assertConformsToSchema(run);

        // 4,000 floats overwritten in place: same size, another model
        byte[] bytes = Files.readAllBytes(cached);
        java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 16_000, (byte) 0x3f);
        Files.write(cached, bytes);
        Cli again = Cli.sweep(file.toString());
        assertEquals(0, again.code, again.toString());
        assertTrue(again.err.startsWith("warning: the cached extended export " + cached + " was changed since it was written (SHA-256 "
                + export.sha256().substring(0, 12) + "... then, "), again.err);
        assertTrue(again.err.lines().findFirst().orElseThrow().endsWith("... now): rebuilt"), again.err);
        assertEquals(export.sha256(), ExtendedExportCache.sha256(Files.readAllBytes(cached)));
        assertEquals(export.sha256(), ResultsReader.read(Cli.latestRunFolder(tmp.resolve("out"))).positions().cachedSha256());

        // a resume whose extended export differs from the one its run started with
        Path half = tmp.resolve("half");
        Files.createDirectories(half);
        var runJson = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.MAPPER.readTree(run.resolve("run.json").toFile());
        var inputs = (com.fasterxml.jackson.databind.node.ArrayNode) runJson.get("inputs");
        var recorded = (com.fasterxml.jackson.databind.node.ObjectNode) inputs.get(inputs.size() - 1);
        assertEquals("extended export", recorded.get("role").asText());
        recorded.put("sha256", "0".repeat(64));
        ResultsJson.MAPPER.writeValue(half.resolve("run.json").toFile(), runJson);
        Cli resumed = Cli.sweep(file.toString(), "--resume", half.toString());
        assertEquals(2, resumed.code, resumed.toString());
        assertEquals("error: cannot resume " + half + ": the extended export " + cached + " changed since the run started (SHA-256 "
                + "000000000000... then, " + export.sha256().substring(0, 12) + "... now); start a new run\n", resumed.err);

        // compare: another extended export is another model
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.MAPPER.readTree(run.resolve("results.json").toFile());
        var resultInputs = (com.fasterxml.jackson.databind.node.ArrayNode) tree.get("inputs");
        ((com.fasterxml.jackson.databind.node.ObjectNode) resultInputs.get(resultInputs.size() - 1)).put("sha256", "ab".repeat(32));
        Path other = tmp.resolve("other-export.json");
        ResultsJson.MAPPER.writeValue(other.toFile(), tree);
        Cli compared = Cli.run("compare", run.toString(), other.toString());
        assertEquals(2, compared.code, compared.toString());
        assertEquals("error: the runs are not comparable: they differ in extended export (sha256 " + export.sha256().substring(0, 12)
                + " vs abababababab) (--allow-different compares them anyway)\n", compared.err);
    }
}
