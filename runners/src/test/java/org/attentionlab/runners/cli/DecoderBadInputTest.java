package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.decoder.synthetic.OnnxBuilder;
import org.attentionlab.core.testing.LlamaOnnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A causal language model's bad input: one line, exit 2, from validate and from run, and run writes nothing.
 */
class DecoderBadInputTest {

    @TempDir
    Path dir;

    /** validate and run both refuse the config with exactly {@code expected} (after "error: "), and run leaves no output. */
    private void refused(Path config, String expected) {
        Cli validate = Cli.run("validate", config.toString());
        assertEquals(2, validate.code, validate.toString());
        assertEquals("error: " + expected + "\n", validate.err);
        Cli run = Cli.sweep(config.toString());
        assertEquals(2, run.code, run.toString());
        assertEquals("error: " + expected + "\n", run.err);
        assertFalse(Files.exists(dir.resolve("out")), "run wrote nothing");
    }

    private Path config(String reference, String corpus, String variants, String extra) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: bad\nreference: " + reference + "\ncorpus: " + corpus + "\ncontextSizes: [16, 32]\n"
                + "variants:\n" + variants + "measure: { warmup: 0, repetitions: 1 }\noutput: " + dir.resolve("out") + "\n" + extra);
        return file;
    }

    private static final String FULL = "  - { name: full }\n";

    @Test
    void nystromOnADecoderIsRefusedInOneLine() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        DecoderFixtures.tokens(dir, 2, 40, 1);
        Path file = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL + "  - { name: nystrom }\n", "");
        refused(file, file + ":7:7: variants[1]: nystrom has no causal form (it serves encoders only) and GPT2 export " + onnx
                + " is a causal language model");
    }

    @Test
    void heavyHitterOnAnEncoderIsRefusedInOneLine() throws IOException {
        Path file = config("{ model: all-minilm-l6-v2 }", "{ documents: 2 }", FULL + "  - { name: heavy-hitter }\n", "");
        refused(file, file + ":7:7: variants[1]: heavy-hitter is causal-only (it serves decoders) and all-minilm-l6-v2 is a "
                + "BERT-family encoder");
        Path decode = config("{ model: all-minilm-l6-v2 }", "{ documents: 2 }", FULL, "decode: { tokens: 4 }\n");
        refused(decode, decode + ":9:1: 'decode' applies to causal language models; all-minilm-l6-v2 is a BERT-family encoder");
    }

    @Test
    void anEncoderTaskOnADecoderIsRefusedBeforeAnyForward() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        DecoderFixtures.tokens(dir, 2, 40, 1);
        Path passkey = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL, "tasks: [ { task: passkey, documents: 5 } ]\n");
        refused(passkey, passkey + ":9:12: tasks[0]: task passkey ranks documents by embedding and runs on an encoder; " + onnx
                + " is a causal decoder (its task is recall)");
        Path needle = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL,
                "tasks:\n  - { task: recall, pairs: [2] }\n  - { task: needle, documents: 5 }\n");
        refused(needle, needle + ":11:7: tasks[1]: task needle ranks documents by embedding and runs on an encoder; " + onnx
                + " is a causal decoder (its task is recall)");
    }

    @Test
    void aRecallVocabularyWiderThanTheModelsIsRefusedBeforeAnyForward() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        DecoderFixtures.tokens(dir, 2, 40, 1);
        Path file = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL,
                "tasks: [ { task: recall, pairs: [4], queries: 4, vocab: 128 } ]\n");
        refused(file, file + ":9:50: tasks[0]: 'vocab' 128 is larger than the vocabulary of " + onnx + " (96 tokens): keys and values "
                + "are token ids below vocab");
    }

    @Test
    void aTokenIdPastTheVocabularyNamesFileAndLine() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        Files.writeString(dir.resolve("ids.txt"), "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32\n"
                + "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 96\n");
        Path file = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL, "");
        refused(file, dir.resolve("ids.txt") + ":2: token id 96 is outside the vocabulary of GPT2 export " + onnx
                + " (96 tokens, ids 0 to 95)");
    }

    @Test
    void decodeTokensPastTheDocumentAtTheLargestSizeNamesFileAndLine() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        DecoderFixtures.tokens(dir, 2, 40, 3);
        Path file = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL, "decode: { tokens: 16 }\n");
        refused(file, dir.resolve("ids.txt") + ":1: the document has 40 tokens; n=32 and decode.tokens 16 need 48");
    }

    @Test
    void aTokenizerWiderThanTheLogitsIsRefused() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        Path tokenizer = CausalTokenizerJson.byteLevel(dir, 256);
        Files.writeString(dir.resolve("text.txt"), "some plain ascii text to tokenize\n".repeat(40));
        Path file = config("{ onnx: " + onnx + ", tokenizer: " + tokenizer + " }", "{ file: text.txt, documents: 2 }", FULL, "");
        int column = Files.readAllLines(file).get(1).indexOf("tokenizer: ") + 1; // the key reference.tokenizer
        refused(file, file + ":2:" + column + ": the tokenizer does not fit the model: " + tokenizer + " has ids up to 255, the logits of "
                + onnx + " are 96 wide (is it the tokenizer of another model?)");
    }

    @Test
    void aGraphThatIsNoModelFamilyNamesItsFirstUnexpectedOpAndNode() throws IOException {
        OnnxBuilder b = new OnnxBuilder("main_graph", 1);
        b.input("input_ids", 7, "batch_size", "sequence_length"); // int64
        String table = b.initializer("embed", "tokenEmbedding", b.gaussian(96 * 8, 0, 1), 96, 8);
        String gathered = b.node("Gather", "/embed/Gather", List.of(table, "input_ids"));
        String odd = b.node("Celu", "/odd/Celu", List.of(gathered));
        b.nodeOutputs("Identity", "/out/Identity", List.of(odd), List.of("logits"));
        b.output("logits", 1, "batch_size", "sequence_length", 8);
        Path onnx = dir.resolve("odd.onnx");
        Files.write(onnx, b.model(17, "pytorch"));
        DecoderFixtures.tokens(dir, 2, 40, 4);
        Path file = config("{ onnx: " + onnx + " }", "{ tokens: ids.txt, documents: 2 }", FULL, "");
        Cli validate = Cli.run("validate", file.toString());
        assertEquals(2, validate.code, validate.toString());
        assertEquals(1, validate.err.lines().count(), validate.err);
        // the reader names the first unexpected op and its node: the Celu the embeddings flow into
        assertTrue(validate.err.startsWith("error: not a GPT-2 or Llama-family causal LM: " + onnx + ": unexpected Celu node '/odd/Celu' after the embeddings")
                && validate.err.contains("/embed/Gather"), validate.err);
        assertEquals(validate.err, Cli.sweep(file.toString()).err);
        assertFalse(Files.exists(dir.resolve("out")), "run wrote nothing");
    }

    @Test
    void extendToOnARopeModelNeedsTrainedLength() throws IOException {
        Path onnx = dir.resolve("llama.onnx");
        Files.write(onnx, LlamaOnnx.write(LlamaOnnx.Options.tiny()).onnx());
        DecoderFixtures.tokens(dir, 2, 40, 5, 80); // the tiny Llama's vocabulary
        Path file = config("{ onnx: " + onnx + ", positions: { extendTo: 4096, method: interpolate } }",
                "{ tokens: ids.txt, documents: 2 }", FULL, "");
        refused(file, "'reference.positions.extendTo' on a RoPE model (LLAMA export " + onnx + " (positions extended to 4096 by "
                + "interpolate)) needs 'trainedLength': the context it was trained on, e.g. positions: { method: interpolate, "
                + "trainedLength: 2048, extendTo: 4096 }");
        Path withLength = config("{ onnx: " + onnx + ", positions: { extendTo: 4096, method: interpolate, trainedLength: 1024, cache: "
                + dir.resolve("cache") + " } }", "{ tokens: ids.txt, documents: 2 }", FULL, "");
        Cli ok = Cli.run("validate", withLength.toString());
        assertEquals(0, ok.code, ok.toString());
    }
}
