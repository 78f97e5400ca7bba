package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code attnlab validate}: ok for a good file, one exact line and exit 2 for each broken one. */
class ValidateCommandTest {

    static final String BROKEN = "src/test/resources/configs/broken/";

    @Test
    void theQuickstartIsValid() {
        Cli cli = Cli.run("validate", "../configs/quickstart.yaml");
        assertEquals(0, cli.code, cli.toString());
        assertEquals("ok: quickstart: all-minilm-l6-v2 on europarl-en (6 documents), context sizes [32, 64, 128, 256, 512], "
                + "3 variants (full, window-64, linear), 1 thread, output results/quickstart\n", cli.out);
        assertEquals("", cli.err);
    }

    /** The recall config validates on the built-in induction head (written on first use) and says it runs its tasks alone. */
    @Test
    void theRecallConfigIsValid() {
        Cli cli = Cli.run("validate", "../configs/tasks-recall.yaml");
        assertEquals(0, cli.code, cli.toString());
        assertEquals("ok: tasks-recall: induction-head, tasks alone (recall), context sizes [64, 96, 128, 256, 512, 1024, 2048, 4096], "
                + "6 variants (full, window-64, window-64-sinks-4, top-8, linear, h2o-32-32), 1 thread, output results/tasks-recall\n",
                cli.out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad-yaml          | 2:15: invalid YAML: mapping values are not allowed here
            wrong-type        | 2:20: 'contextSizes[1]' must be an integer, got 'sixty-four'
            unknown-top-field | 2:1: unknown field 'contextSize'; allowed: contextSizes, corpus, decode, diagnostics, execution, kernel, kind, measure, name, output, plugins, reference, retrieval, tasks, variants
            unknown-field     | 4:19: unknown field 'windw' in variants[0]; allowed: label, layers, name, params
            unknown-variant   | 5:7: variants[1]: unknown variant 'flash-magic'; known: block-sparse, failing, full, heavy-hitter, linear, linformer, masked, nan-output, nystrom, sliding-window, top-k
            unknown-param     | 4:50: variants[0]: unknown parameter 'windw' for sliding-window; allowed: width, globalTokens, sinks, dilation
            negative-window   | 7:7: variants[1]: parameter 'window' of sliding-window must be integer >= 1, got -3
            missing-window    | 4:5: variants[0]: parameter 'width' of sliding-window is required (integer >= 1)
            bad-feature-map   | 4:31: variants[0]: parameter 'featureMap' of linear must be one of elu, relu, favor, got 'softmax'
            duplicate-label   | 5:5: variants[1]: duplicate label 'full'; labels must be unique (give each variant its own 'label')
            bad-threads       | 5:12: 'measure.threads' must be in [1, 256], got 0
            bad-kind          | 2:1: 'kind' must be one of model, kernel, got 'modle'
            zero-window       | 5:31: variants[0]: mask at column 8: window's sizes must be >= 1, got 0: window(^0)
            hidden-mask       | 5:21: variants[0]: mask (causal & !causal) hides every key from every query at n = 64 (every output row would be zeros)
            not-all           | 5:21: variants[0]: mask !all hides every key from every query at n = 64 (every output row would be zeros)
            huge-window       | 5:31: variants[0]: mask at column 8: window's sizes must be <= 2147483647, got 99999999999: window(^99999999999)
            overflowing-temperature | 5:42: variants[0]: score at column 13: temperature takes a number >= 1e-30, got 1.0E-45: logit / 1.0E-45 overflows float (largest 3.4e38) for logits above 3.4e-07, and softmax over infinities is NaN: temperature(^1e-45)
            hidden-at-n       | 6:38: variants[1]: mask !window(100) hides every key from every query at n = 64 (every output row would be zeros)
            mask-on-full      | 5:29: variants[0]: unknown parameter 'mask' for full; allowed: algorithm, blockSize (masks and score modifiers are written with name: masked)
            wrong-arity-mask  | 5:31: variants[0]: mask at column 14: dilated takes 2 arguments, got 1: dilated(w, d): window(16) & ^dilated(64)
            negative-sinks    | 5:31: variants[0]: mask at column 20: sinks's sizes must be >= 1, got -4: window(16) & sinks(^-4)
            score-on-top-k    | 5:36: variants[0]: unknown parameter 'score' for top-k; allowed: k (masks and score modifiers are written with name: masked)
            """)
    void aBrokenFileGetsOneExactLineAndExitTwo(String file, String message) {
        String path = BROKEN + file + ".yaml";
        Cli cli = Cli.run("validate", path);
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + path + ":" + message + "\n", cli.err);
        assertEquals("", cli.out);
    }

    /**
     * Issue 10's bad mask and score input stops {@code run} as it stops {@code validate}: the same one line, exit 2,
     * before any run folder exists (the copy's {@code output} points into a temp folder that must stay absent).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"bad-mask", "zero-window", "negative-sinks", "wrong-arity-mask", "hidden-mask", "hidden-at-n", "mask-on-full", "score-on-top-k",
        "not-all", "huge-window", "overflowing-temperature"})
    void runStopsABadMaskOrScoreWithTheSameOneLine(String file, @TempDir Path dir) throws Exception {
        Path output = dir.resolve("runs");
        Path copy = dir.resolve(file + ".yaml");
        Files.writeString(copy, Files.readString(Path.of(BROKEN + file + ".yaml")) + "output: " + output + "\n");
        Cli validate = Cli.run("validate", copy.toString());
        Cli run = Cli.run("run", "--no-progress", copy.toString());
        assertEquals(2, validate.code, validate.toString());
        assertEquals(2, run.code, run.toString());
        assertTrue(validate.err.startsWith("error: " + copy + ":") && validate.err.indexOf('\n') == validate.err.length() - 1,
                validate.err);
        assertEquals(validate.err, run.err);
        assertEquals("", run.out);
        assertTrue(Files.notExists(output), "no run folder for a config that fails validation");
    }

    /** A mask expression's error: where the parameter is, the column in the expression, a caret there; one line. */
    @Test
    void aBadMaskPointsAtTheParameterAndThePositionInTheExpression() {
        String path = BROKEN + "bad-mask.yaml";
        Cli cli = Cli.run("validate", path);
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + path + ":6:50: variants[1]: mask at column 15: unknown primitive 'sinkz'; known: all, causal, "
                + "window(w), sinks(k), global(k), prefix(k), dilated(w, d), bigbird(block, windowBlocks, globalBlocks, "
                + "randomBlocks, seed): window(128) | ^sinkz(4)\n", cli.err);
    }

    /** Every experiment the project ships validates (the model-dependent checks run in the sweep tests). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"quickstart", "minilm-context-sweep", "e5-context-sweep", "hybrid",
            "zoo", "kernel-scaling", "masks", "long-context", "long-context-quick", "benchmarks/engine-kernel",
            "benchmarks/full-512-threads-1", "benchmarks/full-512-threads-2", "benchmarks/decode-kernel"})
    void everyShippedConfigIsValid(String name) {
        Cli cli = Cli.run("validate", "../configs/" + name + ".yaml");
        assertEquals(0, cli.code, cli.toString());
        assertTrue(cli.out.startsWith("ok: " + name.substring(name.indexOf('/') + 1) + ": "), cli.out);
    }

    /**
     * Issue 23 item 12: sliding-window's old {@code window:} still validates with its meaning, and both validate
     * and run say in one warning line where it is and what to write instead; {@code width:} gets no warning.
     */
    @Test
    void theOldWindowNameOfSlidingWindowWarnsInOneLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("old.yaml");
        Files.writeString(file, "name: old\nkind: kernel\ncontextSizes: [8]\nvariants:\n  - { name: sliding-window, params: { window: 4 } }\n"
                + "output: " + tmp.resolve("runs") + "\n");
        Cli cli = Cli.run("validate", file.toString());
        assertEquals(0, cli.code, cli.toString());
        String warning = "warning: " + file + ":5:29: variants[0]: parameter 'window' of sliding-window is deprecated: "
                + "it is now 'width', with the same meaning; write width: 4\n";
        assertEquals(warning, cli.err);
        Files.writeString(file, Files.readString(file).replace("window: 4", "width: 4"));
        cli = Cli.run("validate", file.toString());
        assertEquals(0, cli.code, cli.toString());
        assertEquals("", cli.err);
    }

    @Test
    void aMissingFileIsNamed() {
        Cli cli = Cli.run("validate", "no/such/file.yaml");
        assertEquals(2, cli.code);
        assertEquals("error: config file not found: no/such/file.yaml\n", cli.err);
    }

    @Test
    void referenceAndCorpusChoicesAreChecked(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("x.yaml");
        Files.writeString(file, "name: x\nreference: { model: bert-huge }\ncontextSizes: [8]\nvariants: [ { name: full } ]\n");
        Cli cli = Cli.run("validate", file.toString());
        assertEquals(2, cli.code);
        assertEquals("error: " + file + ":2:14: unknown model 'bert-huge'; built in: all-minilm-l6-v2, e5-small-v2, synthetic-gpt2, induction-head (or give 'onnx' and 'tokenizer' paths)\n", cli.err);
        Files.writeString(file, "name: x\nreference: { onnx: m.onnx }\ncontextSizes: [8]\nvariants: [ { name: full } ]\n");
        cli = Cli.run("validate", file.toString());
        assertEquals("error: " + file + ":2:1: 'reference' with a user export needs both 'onnx' and 'tokenizer' "
                + "(the tokenizer may be omitted when corpus: { tokens: ids.txt } gives the token ids)\n", cli.err);
        Files.writeString(file, "name: x\nkind: kernel\ncontextSizes: [8]\nvariants: [ { name: full, layers: [0] } ]\n");
        cli = Cli.run("validate", file.toString());
        assertEquals("error: " + file + ":4:27: variants[0]: 'layers' only applies to kind: model\n", cli.err);
    }

    @Test
    void pluginsListsEveryPluginWithItsLabelAndParameters() {
        Cli cli = Cli.run("plugins");
        assertEquals(0, cli.code, cli.toString());
        String[] lines = cli.out.split("\n");
        assertTrue(lines[0].startsWith("plugin "), lines[0]);
        assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("full ") && l.contains(" exact ")), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("sliding-window ") && l.contains("training-free approximation")), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("linear ") && l.contains("needs fine-tuning")), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.trim().startsWith("width ") && l.contains("integer >= 1") && l.contains("required")), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("masked ") && l.contains("training-free approximation")), cli.out);
        // the mask grammar with examples, below the table
        assertTrue(cli.out.contains("Mask and score expressions (plugin 'masked', params 'mask' and 'score'):"), cli.out);
        assertTrue(cli.out.contains("- { name: masked, label: w128-sinks, params: { mask: \"window(128) | sinks(4)\", score: \"softcap(30)\" } }"), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.trim().startsWith("featureMap ") && l.contains("one of elu, relu, favor") && l.contains(" elu ")), cli.out);
    }

    // ---- validate runs every check run does before the first forward pass

    private static Cli validate(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, yaml);
        return Cli.run("validate", file.toString());
    }

    @Test
    void aContextSizeOrLayerTheModelDoesNotHaveFailsValidation(@TempDir Path tmp) throws Exception {
        Cli cli = validate(tmp, "name: x\ncontextSizes: [16, 513]\nvariants: [ { name: full } ]\n");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + tmp.resolve("x.yaml") + ":2:20: context size 513 exceeds the maximum positions 512 of all-minilm-l6-v2\n", cli.err);
        cli = validate(tmp, "name: x\ncontextSizes: [16]\nvariants: [ { name: full, layers: [6] } ]\n");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + tmp.resolve("x.yaml") + ":3:27: variants[0]: layer 6 does not exist; all-minilm-l6-v2 has layers 0 to 5\n", cli.err);
    }

    @Test
    void aMissingModelFileFailsValidationWithItsResolvedPath(@TempDir Path tmp) throws Exception {
        Cli cli = validate(tmp, "name: x\nreference: { onnx: m/model.onnx, tokenizer: m/tokenizer.json }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: onnx model not found: " + tmp.resolve("m/model.onnx") + "\n", cli.err);
    }

    @Test
    void aTokenizerThatDoesNotFitTheModelFailsValidation(@TempDir Path tmp) throws Exception {
        Files.write(tmp.resolve("model.onnx"), org.attentionlab.core.model.ModelSource.builtIn("all-minilm-l6-v2").onnxBytes());
        String tokenizer;
        try (var in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            tokenizer = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // one more token than the model has rows for: id 30522 of a 30522-row vocabulary
        Files.writeString(tmp.resolve("tokenizer.json"), tokenizer.replace("\"[unused0]\": 1,", "\"[unused0]\": 30522,"));
        Cli cli = validate(tmp, "name: x\nreference: { onnx: model.onnx, tokenizer: tokenizer.json }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + tmp.resolve("x.yaml") + ":2:1: the tokenizer does not fit the model: " + tmp.resolve("tokenizer.json")
                + " has ids up to 30522, " + tmp.resolve("model.onnx") + " has a vocabulary of 30522 (is it the tokenizer of another model?)\n", cli.err);
    }

    @Test
    void aCorpusTooSmallForItsDocumentsIsRefusedUnlessRepeatsAreAllowed(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("one.txt"), "just one line of text, repeated in every document if nothing stops it\n");
        Cli cli = validate(tmp, "name: x\ncorpus: { file: one.txt, documents: 16 }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + tmp.resolve("x.yaml") + ":2:1: the corpus is too small: 16 documents of 16 tokens would repeat text "
                + "(they read 16 lines; " + tmp.resolve("one.txt") + " has 1 distinct line); give more text, fewer documents, "
                + "or corpus: { allowRepeats: true }\n", cli.err);
        cli = validate(tmp, "name: x\ncorpus: { file: one.txt, documents: 16, allowRepeats: true }\ncontextSizes: [16]\nvariants: [ { name: full } ]\n");
        assertEquals(0, cli.code, cli.toString());
    }

    @Test
    void sizesThatCannotFitAnywhereAreRefusedAtValidation(@TempDir Path dir) throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        Path heads = Files.writeString(dir.resolve("heads.yaml"),
                "name: x\nkind: kernel\nkernel: { heads: 1000000 }\ncontextSizes: [1024]\nvariants: [ { name: full } ]\n");
        Cli cli = Cli.run("validate", heads.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err);
        // 4 tensors of 1e6 heads x 1024 x 32 floats
        assertTrue(cli.err.startsWith("error: " + heads + ":3:11: 'kernel.heads' 1000000 x dHead 32 at n = 1024 needs about 488.3 GiB of Java heap"), cli.err);
        assertTrue(cli.err.contains("more than the heap limit of " + org.attentionlab.runners.memory.MemoryBudget.bytes(heap)
                + "; use fewer kernel.heads, smaller contextSizes, or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)"), cli.err);

        Path docs = Files.writeString(dir.resolve("docs.yaml"),
                "name: x\ncorpus: { source: europarl-en, documents: 2000000000 }\ncontextSizes: [32]\nvariants: [ { name: full } ]\n");
        cli = Cli.run("validate", docs.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertTrue(cli.err.startsWith("error: " + docs + ":2:32: 'corpus.documents' 2000000000 at n = 32 needs about 476.8 GiB of Java heap"), cli.err);
        assertTrue(cli.err.endsWith("; use fewer corpus.documents, smaller contextSizes, or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)\n"), cli.err);
    }
}
