package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.testing.LlamaOnnx;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.junit.jupiter.api.Test;

/** What the reader maps where, what it detects, and the one line it gives a graph it does not know. */
class DecoderGraphReaderTest {

    @Test
    void llamaWeightsLandInTheirRolesWhateverTheirNames() {
        LlamaOnnx.Built built = LlamaOnnx.write(LlamaOnnx.Options.tiny().withLayout(true, false, false, true));
        DecoderWeights w = DecoderGraphReader.read(built.onnx(), "llama");
        assertArrayEquals(built.roles().get("embedding.token"), w.tokenEmbedding());
        for (int l = 0; l < w.config().layers(); l++) {
            DecoderWeights.Layer layer = w.layer(l);
            String r = "layer." + l + ".";
            assertArrayEquals(built.roles().get(r + "query.weight"), layer.query().weight());
            assertArrayEquals(built.roles().get(r + "query.bias"), layer.query().bias());
            assertArrayEquals(built.roles().get(r + "key.weight"), layer.key().weight());
            assertArrayEquals(built.roles().get(r + "value.weight"), layer.value().weight());
            assertArrayEquals(built.roles().get(r + "output.weight"), layer.output().weight());
            assertArrayEquals(built.roles().get(r + "gate.weight"), layer.gate().weight());
            assertArrayEquals(built.roles().get(r + "up.weight"), layer.up().weight());
            assertArrayEquals(built.roles().get(r + "down.weight"), layer.down().weight());
            assertArrayEquals(built.roles().get(r + "attention_norm.gamma"), layer.attentionNorm().gamma());
            assertEquals(DecoderWeights.NormKind.RMS_NORM, layer.attentionNorm().kind());
            assertEquals(1e-6f, layer.attentionNorm().eps());
        }
        assertArrayEquals(built.roles().get("lm_head.weight"), w.lmHead().weight());
        assertArrayEquals(built.roles().get("rope.inv_freq"), w.rope().invFreq());
        assertEquals(10000.0, w.config().ropeTheta(), 1e-2);
        assertFalse(w.config().tiedLmHead());
        assertTrue(w.sources().get("layer.0.query.weight").startsWith("onnx::MatMul_"), w.sources().toString());
    }

    @Test
    void gpt2FusedQkvIsCutByTheSplitAndTheHeadIsTied() {
        Gpt2Export.Built built = Gpt2Export.write(Gpt2Export.Options.tiny());
        DecoderWeights w = DecoderGraphReader.read(built.onnx(), "gpt2");
        int d = w.config().dModel();
        float[] fused = built.roles().get("layer.1.qkv.weight");
        float[] key = w.layer(1).key().weight();
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                assertEquals(fused[r * 3 * d + d + c], key[r * d + c]);
            }
        }
        assertTrue(w.config().tiedLmHead());
        assertEquals(DecoderWeights.Activation.GELU_TANH, w.activation());
        assertEquals(Gpt2Export.Options.tiny().positions(), w.config().maxPositions());
        assertArrayEquals(built.roles().get("embedding.position"), w.positionEmbedding());
    }

    @Test
    void anUnknownOpIsNamedWithItsNode() {
        ModelProto.Builder model;
        try {
            model = ModelProto.parseFrom(Gpt2Export.write(Gpt2Export.Options.tiny()).onnx()).toBuilder();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        for (NodeProto.Builder node : model.getGraphBuilder().getNodeBuilderList()) {
            if (node.getName().equals("/transformer/h.0/mlp/act/Tanh")) {
                node.setOpType("Relu");
            }
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelArchitecture.detect(model.build().toByteArray(), "x.onnx"));
        assertEquals("not a GPT-2 or Llama-family causal LM: x.onnx: unexpected Relu node '/transformer/h.0/mlp/act/Tanh' in layer 0's feed-forward",
                e.getMessage());
    }

    @Test
    void detectsEachFamily() {
        assertEquals(ModelArchitecture.BERT, ModelArchitecture.detect(TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes(), "bert"));
        assertEquals(ModelArchitecture.GPT2, ModelArchitecture.detect(Gpt2Export.write(Gpt2Export.Options.tiny()).onnx(), "gpt2"));
        assertEquals(ModelArchitecture.LLAMA, ModelArchitecture.detect(LlamaOnnx.write(LlamaOnnx.Options.tiny()).onnx(), "llama"));
    }

    @Test
    void anEvalDropoutLeftAsIdentityOnTheResidualStreamIsStepped() throws Exception {
        ModelProto.Builder model = ModelProto.parseFrom(Gpt2Export.write(Gpt2Export.Options.tiny()).onnx()).toBuilder();
        var graph = model.getGraphBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto.Builder node = graph.getNodeBuilder(i);
            if (node.getName().equals("/transformer/Add") || node.getName().equals("/transformer/h.0/Add")) {
                String out = node.getOutput(0);
                node.setOutput(0, out + "_before_dropout");
                graph.addNode(i + 1, NodeProto.newBuilder().setOpType("Identity").setName(node.getName() + "/drop/Identity")
                        .addInput(out + "_before_dropout").addOutput(out));
                i++;
            }
        }
        DecoderWeights w = DecoderGraphReader.read(model.build().toByteArray(), "dropout");
        assertEquals(2, w.config().layers());
    }

    @Test
    void aHeadThatTransposesTheEmbeddingInTheGraphIsTied() throws Exception {
        ModelProto.Builder model = ModelProto.parseFrom(LlamaOnnx.write(LlamaOnnx.Options.tiny()).onnx()).toBuilder();
        var graph = model.getGraphBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto.Builder node = graph.getNodeBuilder(i);
            if (node.getName().equals("/lm_head/MatMul")) {
                node.setInput(1, "embed_T");
                graph.addNode(i, NodeProto.newBuilder().setOpType("Transpose").setName("/lm_head/Transpose")
                        .addInput("model.embed_tokens.weight").addOutput("embed_T"));
                break;
            }
        }
        DecoderWeights w = DecoderGraphReader.read(model.build().toByteArray(), "transposed-head");
        assertTrue(w.config().tiedLmHead());
        assertEquals("model.embed_tokens.weight (tied)", w.sources().get("lm_head.weight"));
    }
}
