package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnlab explain} on a causal language model (the tiny GPT-2 export as torch.onnx.export lays it out, a tokens
 * file): the reference's maps are the export's own attention probabilities (its Softmax outputs, read from ONNX
 * Runtime), lower triangles; a variant that serves encoders only is refused in one line.
 */
class ExplainDecoderTest {

    private static final int N = 24;

    @TempDir
    Path dir;

    private Path config(Path onnx, String variants) throws IOException {
        Path file = dir.resolve("explain-decoder.yaml");
        Files.writeString(file, """
                name: explain-decoder
                reference: { onnx: %s }
                corpus: { tokens: ids.txt, documents: 2 }
                contextSizes: [%d]
                variants:
                  - { name: full }
                %smeasure: { warmup: 0, repetitions: 1, threads: 1 }
                output: %s
                """.formatted(onnx, N, variants, dir.resolve("out")));
        return file;
    }

    /** Per layer, the export's Softmax output ({@code heads x n x n}) on {@code ids}: each added as a graph output. */
    private static List<float[]> exportSoftmaxes(Path onnx, int[] ids) throws IOException, OrtException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));
        GraphProto.Builder graph = model.getGraph().toBuilder();
        List<String> softmaxes = new ArrayList<>();
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Softmax")) {
                softmaxes.add(node.getOutput(0));
                ValueInfoProto.Builder out = ValueInfoProto.newBuilder().setName(node.getOutput(0));
                out.getTypeBuilder().getTensorTypeBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE);
                graph.addOutput(out);
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toBuilder().setGraph(graph).build().toByteArray())) {
            long[] idValues = Arrays.stream(ids).asLongStream().toArray();
            long[] positions = new long[ids.length];
            long[] ones = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                positions[i] = i;
                ones[i] = 1;
            }
            Map<String, long[]> feeds = Map.of("input_ids", idValues, "position_ids", positions, "attention_mask", ones);
            Map<String, OnnxTensor> inputs = new HashMap<>();
            for (String name : session.getInputNames()) {
                inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(feeds.get(name)), new long[] {1, ids.length}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                List<float[]> probs = new ArrayList<>();
                for (String name : softmaxes) {
                    OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                    float[] values = new float[t.getFloatBuffer().remaining()];
                    t.getFloatBuffer().get(values);
                    probs.add(values);
                }
                return probs;
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void aDecodersMapsAreTheExportsOwnCausalSoftmaxes() throws Exception {
        Path onnx = DecoderFixtures.export(dir, false);
        Path ids = DecoderFixtures.tokens(dir, 2, 30, 5);
        Path file = config(onnx, "  - { name: sliding-window, label: window-8, params: { width: 8 } }\n"
                + "  - { name: heavy-hitter, label: h2o-4-4, params: { recent: 4, heavy: 4 } }\n");
        Cli explained = Cli.run("explain", file.toString(), "--document", "1");
        assertEquals(0, explained.code, explained.toString());
        Path out = dir.resolve("out");
        assertTrue(explained.out.startsWith("explain: " + out.resolve("attention.html") + " ("), explained.out);
        assertTrue(explained.out.endsWith("; document 1, n=" + N + ", window-8, h2o-4-4; every weight kept) and attention.json\n"),
                explained.out);

        JsonNode doc = new ObjectMapper().readTree(out.resolve("attention.json").toFile());
        assertTrue(doc.get("causal").asBoolean());
        assertTrue(doc.get("gate").get("passed").asBoolean(), doc.get("gate").toString());
        assertEquals(2, doc.get("layers").asInt());
        assertEquals(4, doc.get("heads").asInt());
        int[] document = Arrays.stream(Files.readAllLines(ids).get(1).split(" ")).limit(N).mapToInt(Integer::parseInt).toArray();
        List<String> tokens = new ArrayList<>();
        doc.get("tokens").forEach(t -> tokens.add(t.asText()));
        assertEquals(Arrays.stream(document).mapToObj(id -> "#" + id).toList(), tokens, "a tokens file's positions are labelled by id");

        List<float[]> softmax = exportSoftmaxes(onnx, document);
        assertEquals(2, softmax.size());
        for (int l = 0; l < 2; l++) {
            for (int h = 0; h < 4; h++) {
                for (int i = 0; i < N; i++) {
                    JsonNode keys = doc.get("keys").get(l).get(h).get(i);
                    JsonNode reference = doc.get("reference").get("weights").get(l).get(h).get(i);
                    JsonNode window = doc.get("variants").get(0).get("weights").get(l).get(h).get(i);
                    double windowSum = 0;
                    for (int s = 0; s < keys.size(); s++) {
                        int j = keys.get(s).asInt();
                        String at = "layer " + l + " head " + h + " query " + i + " key " + j;
                        assertEquals(softmax.get(l)[(h * N + i) * N + j], reference.get(s).asDouble(), 1e-5, at);
                        if (j > i) {
                            assertEquals(0, reference.get(s).asDouble(), at + ": a later key");
                            assertEquals(0, window.get(s).asDouble(), at + ": a later key");
                        }
                        windowSum += window.get(s).asDouble();
                    }
                    assertEquals(1, windowSum + doc.get("variants").get(0).get("rest").get(l).get(h).get(i).asDouble(), 1e-5);
                }
            }
        }
        assertEquals("pattern", doc.get("variants").get(0).get("masks").get(0).get("kind").asText());
    }

    @Test
    void besideADecoderRunTheReportLinksThePage() throws Exception {
        Path onnx = DecoderFixtures.export(dir, true);
        DecoderFixtures.tokens(dir, 2, 30, 7);
        Path file = config(onnx, "  - { name: masked, label: sinks-2-window-6, params: { mask: \"window(6) | sinks(2)\" } }\n");
        Cli run = Cli.sweep(file.toString());
        assertEquals(0, run.code, run.toString());
        Path folder = Cli.onlyRunFolder(dir.resolve("out"));
        Cli explained = Cli.run("explain", folder.toString());
        assertEquals(0, explained.code, explained.toString());
        assertTrue(explained.out.endsWith("; document 0, n=" + N + ", sinks-2-window-6; every weight kept) and attention.json; "
                + "report.html links to it\n"), explained.out);
        assertTrue(Files.readString(folder.resolve("report.html")).contains("<a href=\"attention.html\">"), "report.html links the page");
        JsonNode doc = new ObjectMapper().readTree(folder.resolve("attention.json").toFile());
        assertTrue(doc.get("causal").asBoolean());
        // the mask's keys for the last query: sinks 0 and 1 and the window of 6 before it, nothing later
        JsonNode keys = doc.get("keys").get(0).get(0).get(N - 1);
        JsonNode weights = doc.get("variants").get(0).get("weights").get(0).get(0).get(N - 1);
        for (int s = 0; s < keys.size(); s++) {
            int j = keys.get(s).asInt();
            boolean visible = j < 2 || (j >= N - 1 - 6 && j <= N - 1);
            assertEquals(visible, weights.get(s).asDouble() > 0, "key " + j);
        }
    }

    @Test
    void aVariantThatServesEncodersOnlyIsRefusedInOneLine() throws IOException {
        Path onnx = DecoderFixtures.export(dir, false);
        DecoderFixtures.tokens(dir, 2, 30, 5);
        Path file = config(onnx, "  - { name: nystrom }\n");
        Cli refused = Cli.run("explain", file.toString());
        assertEquals(2, refused.code, refused.toString());
        assertEquals("error: " + file + ":7:7: variants[1]: nystrom has no causal form (it serves encoders only) and GPT2 export " + onnx
                + " is a causal language model\n", refused.err);
        assertFalse(Files.exists(dir.resolve("out").resolve("attention.html")));
    }
}
