package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * A causal language model by path: a GPT-2-layout export written as torch.onnx.export writes it (with past), its
 * documents as a tokens file, no tokenizer; full, a window and heavy-hitter against ONNX Runtime, with decoding.
 */
class DecoderRunIT {

    @TempDir
    Path dir;

    private Path config(Path onnx, String extra) throws IOException {
        Path file = dir.resolve("decoder.yaml");
        Files.writeString(file, """
                name: decoder
                reference: { onnx: %s }
                corpus: { tokens: ids.txt, documents: 3 }
                contextSizes: [16, 48]
                decode: { tokens: 8 }
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-8, params: { width: 8 } }
                  - { name: heavy-hitter, label: h2o, params: { recent: 8, heavy: 4 } }
                measure: { warmup: 0, repetitions: 3, threads: 1 }
                output: %s
                %s
                """.formatted(onnx, dir.resolve("out"), extra));
        return file;
    }

    private static RunResults onlyRun(Path out) throws IOException {
        return ResultsReader.read(Cli.onlyRunFolder(out).resolve("results.json"));
    }

    @Test
    void anExportByPathRunsOnTokenIdsWithoutATokenizer() throws IOException {
        DecoderFixtures.tokens(dir, 3, 64, 1);
        Path onnx = DecoderFixtures.export(dir, true);
        Cli cli = Cli.sweep(config(onnx, "").toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults r = onlyRun(dir.resolve("out"));
        assertEquals("GPT2", r.model().architecture());
        assertEquals(List.of(2, 4, 4, 32, 96), List.of(r.model().layers(), r.model().heads(), r.model().kvHeads(), r.model().dModel(),
                r.model().vocab()));
        assertTrue(r.gate().passed(), r.gate().summary());
        assertEquals(6, r.cells().size());
        assertTrue(r.cells().stream().allMatch(Cell::ok), r.cells().toString());
        Cell full = cell(r, "full", 48);
        Cell window = cell(r, "window-8", 48);
        // full attention is the reference's computation: next-token distributions agree to float rounding
        assertTrue(full.accuracy().klMean() < 1e-6, "full klMean " + full.accuracy().klMean());
        assertEquals(1.0, full.accuracy().top1Agreement());
        assertEquals(full.accuracy().referencePerplexity(), full.accuracy().perplexity(), 1e-3 * full.accuracy().perplexity());
        assertTrue(full.accuracy().decodeKlMean() < 1e-6, "full decodeKlMean " + full.accuracy().decodeKlMean());
        assertEquals(1.0, full.accuracy().decodeTop1Agreement());
        // a window of 8 at n=48 hides most of the prefix: the distributions move
        assertTrue(window.accuracy().klMean() > 1e-4, "window klMean " + window.accuracy().klMean());
        assertTrue(window.accuracy().decodeKlMean() > 1e-4, "window decodeKlMean " + window.accuracy().decodeKlMean());
        assertEquals(3, window.accuracy().perDocument().get("klMean").size());
        assertEquals(16, full.accuracy().nllByPosition().size());
        assertNull(full.accuracy().tokenCosineMean(), "no encoder metric in a decoder's cell");
        // decode costs: the window's cache holds its band, the full cache every key
        assertTrue(full.cost().decodeMsPerTokenMedian() > 0);
        assertNotNull(full.cost().referenceDecodeMsPerTokenMedian(), "ONNX Runtime with past is timed");
        assertEquals(3, full.cost().decodeSamplesMsPerToken().size());
        long bytesPerKey = 2L * 2 * 4 * 8 * 4; // keys and values, 2 layers, 4 kv heads, dHead 8, float
        assertEquals(bytesPerKey * (48 + 8), full.cost().kvCacheBytes());
        assertTrue(window.cost().kvCacheBytes() < full.cost().kvCacheBytes() / 3, window.cost().kvCacheBytes() + " bytes");
        assertEquals(bytesPerKey * 12, cell(r, "h2o", 48).cost().kvCacheBytes(), "recent 8 + heavy 4 keys");
        assertTrue(r.notes().isEmpty(), r.notes().toString());
        assertEquals(List.of("model file", "corpus"), r.inputs().stream().map(i -> i.role()).toList());
        Path run = dir.resolve("out").toFile().listFiles()[0].toPath();
        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("## Loss vs position at n=48"), md);
        assertTrue(md.contains("## Decode per token"), md);
        assertTrue(cli.out.contains("klMean: mean KL"), cli.out);
        afterwards(run, r, config(onnx, ""));
    }

    /** compare, report, history and resume on a decoder's run folder. */
    private void afterwards(Path run, RunResults r, Path config) throws IOException {
        Cli same = Cli.run("compare", run.toString(), run.toString());
        assertEquals(0, same.code, same.toString());
        Path redrawn = dir.resolve("redrawn");
        Files.createDirectories(redrawn);
        Files.copy(run.resolve("results.json"), redrawn.resolve("results.json"));
        assertEquals(0, Cli.run("report", redrawn.toString()).code);
        assertEquals(Files.readString(run.resolve("report.md")), Files.readString(redrawn.resolve("report.md")));
        Cli history = Cli.run("history", dir.resolve("out").toString());
        assertEquals(0, history.code, history.toString());
        assertTrue(history.out.contains("klMean at n=48"), history.out);
        // a run killed after two cells resumes with the other four, and the first two kept as they were
        Path half = dir.resolve("half").resolve("run");
        Files.createDirectories(half);
        Files.copy(run.resolve("run.json"), half.resolve("run.json"));
        List<String> lines = Files.readAllLines(run.resolve("cells.jsonl"));
        Files.writeString(half.resolve("cells.jsonl"), lines.get(0) + "\n" + lines.get(1) + "\n");
        Cli resumed = Cli.sweep(config.toString(), "--resume", half.toString());
        assertEquals(0, resumed.code, resumed.toString());
        RunResults after = ResultsReader.read(half.resolve("results.json"));
        assertEquals(r.cells().stream().map(Cell::key).toList(), after.cells().stream().map(Cell::key).toList());
        assertEquals(r.cells().get(0), after.cells().get(0));
        assertEquals(r.cells().get(3).accuracy(), after.cells().get(3).accuracy(), "accuracy is deterministic");
    }

    @Test
    void anExportWithoutPastIsDecodedButItsReferenceDecodeIsNotTimedAndTheReportSaysSo() throws IOException {
        DecoderFixtures.tokens(dir, 3, 64, 2);
        Path onnx = DecoderFixtures.export(dir, false);
        Cli cli = Cli.sweep(config(onnx, "").toString());
        assertEquals(0, cli.code, cli.toString());
        RunResults r = onlyRun(dir.resolve("out"));
        Cell full = cell(r, "full", 16);
        assertTrue(full.accuracy().decodeKlMean() < 1e-6, "against the reference's logits over the whole sequence");
        assertNull(full.cost().referenceDecodeMsPerTokenMedian());
        assertTrue(r.notes().get(0).startsWith("the export has no past inputs"), r.notes().toString());
        assertTrue(Files.readString(dir.resolve("out").toFile().listFiles()[0].toPath().resolve("report.md"))
                .contains("Note: the export has no past inputs"));
    }

    private static Cell cell(RunResults r, String label, int n) {
        return r.cells().stream().filter(c -> c.label().equals(label) && c.contextSize() == n).findFirst().orElseThrow();
    }
}
