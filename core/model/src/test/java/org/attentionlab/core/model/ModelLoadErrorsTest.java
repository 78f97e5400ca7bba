package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.attentionlab.core.text.TextTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad model input gets one clear line; the tests pin the exact messages users will read. */
class ModelLoadErrorsTest {

    @TempDir
    Path dir;

    private Path tokenizerFile() throws IOException {
        Path p = dir.resolve("tokenizer.json");
        try (InputStream in = ModelSource.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void missingOnnxFile() throws IOException {
        Path missing = dir.resolve("nope/model.onnx");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSource.files(missing, tokenizerFile()));
        assertEquals("onnx model not found: " + missing, e.getMessage());
    }

    @Test
    void missingTokenizerFile() throws IOException {
        Path onnx = dir.resolve("model.onnx");
        Files.write(onnx, TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes());
        Path missing = dir.resolve("tokenizer-missing.json");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSource.files(onnx, missing));
        assertEquals("tokenizer not found: " + missing, e.getMessage());
        ModelLoadException direct = assertThrows(ModelLoadException.class, () -> TextTokenizer.fromFile(missing));
        assertEquals("tokenizer not found: " + missing, direct.getMessage());
    }

    @Test
    void fileThatIsNotOnnx() throws IOException {
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, "this is not an onnx model\n".getBytes(StandardCharsets.UTF_8));
        ModelSource source = ModelSource.files(garbage, tokenizerFile());
        ModelLoadException e = assertThrows(ModelLoadException.class, source::weights);
        assertEquals("not an ONNX model: " + garbage + " (Protocol message end-group tag did not match expected tag.)", e.getMessage());
    }

    @Test
    void emptyFileIsNotOnnx() throws IOException {
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSource.files(empty, tokenizerFile()).weights());
        assertEquals("not an ONNX model: " + empty + " (no graph)", e.getMessage());
    }

    @Test
    void onnxGraphOfAnotherFamily() throws IOException {
        GraphProto graph = GraphProto.newBuilder().setName("adder")
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("/Add").addInput("a").addInput("b").addOutput("c"))
                .build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
        Path onnx = dir.resolve("adder.onnx");
        Files.write(onnx, model.toByteArray());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSource.files(onnx, tokenizerFile()).weights());
        assertEquals("not a BERT-family encoder: " + onnx + ": no node matching /encoder/layer.N/attention/self/query/MatMul",
                e.getMessage());
    }

    @Test
    void unknownBuiltInModel() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelSource.builtIn("gpt2"));
        assertEquals("unknown built-in model 'gpt2'; known: all-minilm-l6-v2, e5-small-v2", e.getMessage());
        assertEquals(List.of("all-minilm-l6-v2", "e5-small-v2"), ModelSource.builtInNames());
        assertEquals(ModelSource.DEFAULT, ModelSource.builtInNames().get(0));
    }

    @Test
    void userFilesLoadLikeBuiltIns() throws IOException {
        Path onnx = dir.resolve("tiny.onnx");
        Files.write(onnx, TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes());
        ModelSource source = ModelSource.files(onnx, tokenizerFile());
        assertEquals(onnx.toString(), source.name());
        assertEquals(TinyBertOnnx.LAYERS, source.weights().config().layers());
        try (TextTokenizer tokenizer = source.tokenizer()) {
            assertEquals(101, tokenizer.clsId());
        }
    }

    @Test
    void contextAboveMaximumPositionsIsRefusedBeforeAnythingRuns() {
        BertConfig config = new BertConfig(6, 384, 12, 1536, 1e-12f, 512, 30522, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.checkContext(600));
        assertEquals("context size 600 exceeds the model's maximum positions 512", e.getMessage());
        config.checkContext(512);

        BertWeights tiny = OnnxBertReader.read(TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes(), "tiny");
        BertEncoder encoder = new BertEncoder(tiny, Collections.nCopies(TinyBertOnnx.LAYERS, new SoftmaxOracleAttention()));
        int tooLong = TinyBertOnnx.POSITIONS + 1;
        IllegalArgumentException viaEncoder = assertThrows(IllegalArgumentException.class, () -> encoder.checkContext(tooLong));
        assertEquals("context size " + tooLong + " exceeds the model's maximum positions " + TinyBertOnnx.POSITIONS, viaEncoder.getMessage());
        IllegalArgumentException viaForward = assertThrows(IllegalArgumentException.class,
                () -> encoder.forward(new int[tooLong], null, null));
        assertEquals(viaEncoder.getMessage(), viaForward.getMessage());
    }
}
