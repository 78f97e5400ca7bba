package org.attentionlab.core.testing;

import static org.attentionlab.core.decoder.synthetic.OnnxBuilder.intAttr;
import static org.attentionlab.core.decoder.synthetic.OnnxBuilder.intsAttr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

/**
 * Builds a tiny BERT encoder as an ONNX graph with the PyTorch exporter's node names and random
 * weights, in the variants the reader must handle or refuse: fused LayerNormalization or the
 * decomposed pattern, with or without a token_type_ids input, tanh GELU, offset positions. ONNX
 * Runtime runs it, so the Java model can be checked on shapes the built-in exports do not cover; and
 * since the test knows which array it put where, the role mapping is checked exactly.
 */
public final class TinyBertOnnx {

    public static final int LAYERS = 2;
    public static final int HIDDEN = 8;
    public static final int HEADS = 2;
    public static final int INTERMEDIATE = 16;
    public static final int VOCAB = 20;
    public static final int POSITIONS = 64;
    public static final int TYPES = 2;

    /**
     * Where the position ids come from: {@code Range(start, n + start, 1)} computed from the input's
     * shape, or a Slice of constant ids 0..POSITIONS-1 of shape [1, POSITIONS] held in an initializer
     * (as all-minilm-l6-v2 and e5-small-v2 hold them) or in a Constant node (as other exports do).
     */
    public enum PositionIds { RANGE, INITIALIZER, CONSTANT_NODE }

    /** Options of the graph. */
    public record Variant(boolean fusedLayerNorm, boolean tokenTypeInput, boolean tanhGelu, int positionStart, float eps,
                          PositionIds positionIds) {
        public static Variant fused() {
            return new Variant(true, true, false, 0, 1e-5f, PositionIds.RANGE);
        }

        public static Variant decomposed() {
            return new Variant(false, true, false, 0, 1e-12f, PositionIds.RANGE);
        }

        public Variant withoutTokenTypes() {
            return new Variant(fusedLayerNorm, false, tanhGelu, positionStart, eps, positionIds);
        }

        public Variant withTanhGelu() {
            return new Variant(fusedLayerNorm, tokenTypeInput, true, positionStart, eps, positionIds);
        }

        public Variant withPositionStart(int start) {
            return new Variant(fusedLayerNorm, tokenTypeInput, tanhGelu, start, eps, positionIds);
        }

        public Variant withPositionIds(PositionIds source) {
            return new Variant(fusedLayerNorm, tokenTypeInput, tanhGelu, positionStart, eps, source);
        }
    }

    private final Variant variant;
    private final Random random = new Random(42);
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny-bert");
    /** Role name (as BertWeights.sources() names it) to the values put there. */
    private final Map<String, float[]> roles = new LinkedHashMap<>();
    private int anonymous = 100;

    private TinyBertOnnx(Variant variant) {
        this.variant = variant;
    }

    /** The model and, by role, the weights it holds. */
    public record Built(byte[] bytes, Map<String, float[]> roles) {
    }

    public static Built build(Variant variant) {
        TinyBertOnnx b = new TinyBertOnnx(variant);
        b.buildGraph();
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("attention-lab test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(b.graph)
                .build();
        return new Built(model.toByteArray(), b.roles);
    }

    private void buildGraph() {
        input("input_ids");
        input("attention_mask");
        if (variant.tokenTypeInput()) {
            input("token_type_ids");
        }
        graph.addOutput(ValueInfoProto.newBuilder().setName("last_hidden_state")
                .setType(floatType(3)));

        // additive mask (1 - m) * -3.4e38, shape [B, 1, 1, N]
        String axes12 = constInts("/Constant_axes", 1, 2);
        node("Unsqueeze", "/Unsqueeze", List.of("attention_mask", axes12), "/Unsqueeze_output_0");
        node("Cast", "/Cast", List.of("/Unsqueeze_output_0"), "/Cast_output_0", intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        String one = constFloat("/Constant", 1f);
        node("Sub", "/Sub", List.of(one, "/Cast_output_0"), "/Sub_output_0");
        String big = constFloat("/Constant_1", -3.4028235e38f);
        node("Mul", "/Mul", List.of("/Sub_output_0", big), "mask_add");

        // embeddings
        String word = weight("embeddings.word_embeddings.weight", "embeddings.word", VOCAB, HIDDEN);
        String type = weight("embeddings.token_type_embeddings.weight", "embeddings.token_type", TYPES, HIDDEN);
        String pos = weight("embeddings.position_embeddings.weight", "embeddings.position", POSITIONS, HIDDEN);
        node("Gather", "/embeddings/word_embeddings/Gather", List.of(word, "input_ids"), "word_out");
        String typeIds = variant.tokenTypeInput() ? "token_type_ids" : constScalarInt("/embeddings/Constant_type0", 0);
        node("Gather", "/embeddings/token_type_embeddings/Gather", List.of(type, typeIds), "type_out");
        node("Add", "/embeddings/Add", List.of("word_out", "type_out"), "emb_add");
        node("Shape", "/embeddings/Shape", List.of("input_ids"), "emb_shape");
        String idx1 = constScalarInt("/embeddings/Constant", 1);
        node("Gather", "/embeddings/Gather", List.of("emb_shape", idx1), "seq_len", intAttr("axis", 0));
        if (variant.positionIds() == PositionIds.RANGE) {
            String start = constScalarInt("/embeddings/Constant_start", variant.positionStart());
            String limitOffset = constScalarInt("/embeddings/Constant_offset", variant.positionStart());
            node("Add", "/embeddings/Add_limit", List.of("seq_len", limitOffset), "pos_limit");
            String delta = constScalarInt("/embeddings/Constant_delta", 1);
            node("Range", "/embeddings/Range", List.of(start, "pos_limit", delta), "position_ids");
        } else {
            // the PyTorch exporter's pattern: position_ids[:, 0:n] of a [1, POSITIONS] buffer
            long[] ids = new long[POSITIONS];
            for (int p = 0; p < POSITIONS; p++) {
                ids[p] = p + variant.positionStart();
            }
            TensorProto.Builder table = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(1).addDims(POSITIONS);
            for (long id : ids) {
                table.addInt64Data(id);
            }
            String buffer;
            if (variant.positionIds() == PositionIds.INITIALIZER) {
                buffer = "embeddings.position_ids";
                graph.addInitializer(table.setName(buffer));
            } else {
                buffer = constant("/embeddings/Constant_position_ids", table.build());
            }
            String axes1 = constInts("/embeddings/Constant_axes0", 0);
            node("Unsqueeze", "/embeddings/Unsqueeze", List.of("seq_len", axes1), "seq_len_1");
            String zero = constInts("/embeddings/Constant_1", 0);
            String axis1 = constInts("/embeddings/Constant_2", 1);
            String step = constInts("/embeddings/Constant_3", 1);
            node("Slice", "/embeddings/Slice", List.of(buffer, zero, "seq_len_1", axis1, step), "position_ids");
        }
        node("Gather", "/embeddings/position_embeddings/Gather", List.of(pos, "position_ids"), "pos_out");
        node("Add", "/embeddings/Add_1", List.of("emb_add", "pos_out"), "emb_sum");
        String x = layerNorm("/embeddings/LayerNorm", "embeddings.LayerNorm", "embeddings.norm", "emb_sum", "emb_ln");

        for (int l = 0; l < LAYERS; l++) {
            x = layer(l, x, l == LAYERS - 1 ? "last_hidden_state" : "layer" + l + "_out");
        }
    }

    private String layer(int l, String x, String output) {
        String s = "/encoder/layer." + l;
        String m = "encoder.layer." + l;
        String r = "layer." + l + ".";
        int d = HIDDEN / HEADS;
        String q = dense(s + "/attention/self/query", m + ".attention.self.query", r + "query", x, HIDDEN, HIDDEN);
        String k = dense(s + "/attention/self/key", m + ".attention.self.key", r + "key", x, HIDDEN, HIDDEN);
        String v = dense(s + "/attention/self/value", m + ".attention.self.value", r + "value", x, HIDDEN, HIDDEN);
        String split = constInts(s + "/attention/self/Constant", 0, 0, HEADS, d);
        node("Reshape", s + "/attention/self/Reshape", List.of(k, split), s + "k4");
        node("Reshape", s + "/attention/self/Reshape_1", List.of(v, split), s + "v4");
        node("Reshape", s + "/attention/self/Reshape_2", List.of(q, split), s + "q4");
        node("Transpose", s + "/attention/self/Transpose", List.of(s + "v4"), s + "vT", intsAttr("perm", 0, 2, 1, 3));
        node("Transpose", s + "/attention/self/Transpose_1", List.of(s + "q4"), s + "qT", intsAttr("perm", 0, 2, 1, 3));
        node("Transpose", s + "/attention/self/Transpose_2", List.of(s + "k4"), s + "kT", intsAttr("perm", 0, 2, 3, 1));
        node("MatMul", s + "/attention/self/MatMul", List.of(s + "qT", s + "kT"), s + "scores");
        String sqrtD = constFloat(s + "/attention/self/Constant_12", (float) Math.sqrt(d));
        node("Div", s + "/attention/self/Div", List.of(s + "scores", sqrtD), s + "scaled");
        node("Add", s + "/attention/self/Add", List.of(s + "scaled", "mask_add"), s + "masked");
        node("Softmax", s + "/attention/self/Softmax", List.of(s + "masked"), s + "probs", intAttr("axis", -1));
        node("MatMul", s + "/attention/self/MatMul_1", List.of(s + "probs", s + "vT"), s + "ctx4");
        node("Transpose", s + "/attention/self/Transpose_3", List.of(s + "ctx4"), s + "ctxT", intsAttr("perm", 0, 2, 1, 3));
        String merge = constInts(s + "/attention/self/Constant_15", 0, 0, HIDDEN);
        node("Reshape", s + "/attention/self/Reshape_3", List.of(s + "ctxT", merge), s + "ctx");
        String ao = dense(s + "/attention/output/dense", m + ".attention.output.dense", r + "attention_output", s + "ctx", HIDDEN, HIDDEN);
        node("Add", s + "/attention/output/Add", List.of(ao, x), s + "res1");
        String x1 = layerNorm(s + "/attention/output/LayerNorm", m + ".attention.output.LayerNorm", r + "attention_norm", s + "res1", s + "ln1");
        String inter = dense(s + "/intermediate/dense", m + ".intermediate.dense", r + "intermediate", x1, HIDDEN, INTERMEDIATE);
        String act = s + "/intermediate/intermediate_act_fn";
        if (variant.tanhGelu()) {
            node("Tanh", act + "/Tanh", List.of(inter), s + "gelu");
        } else {
            String sqrt2 = constFloat(act + "/Constant", (float) Math.sqrt(2));
            node("Div", act + "/Div", List.of(inter, sqrt2), s + "gdiv");
            node("Erf", act + "/Erf", List.of(s + "gdiv"), s + "gerf");
            String oneF = constFloat(act + "/Constant_1", 1f);
            node("Add", act + "/Add", List.of(s + "gerf", oneF), s + "gadd");
            node("Mul", act + "/Mul", List.of(inter, s + "gadd"), s + "gmul");
            String half = constFloat(act + "/Constant_2", 0.5f);
            node("Mul", act + "/Mul_1", List.of(s + "gmul", half), s + "gelu");
        }
        String out = dense(s + "/output/dense", m + ".output.dense", r + "output", s + "gelu", INTERMEDIATE, HIDDEN);
        node("Add", s + "/output/Add", List.of(out, x1), s + "res2");
        return layerNorm(s + "/output/LayerNorm", m + ".output.LayerNorm", r + "output_norm", s + "res2", output);
    }

    /** MatMul with an anonymous weight, then Add(bias, product) as the exporter writes it. */
    private String dense(String scope, String module, String role, String x, int in, int out) {
        String w = weight("onnx::MatMul_" + (anonymous++), role + ".weight", in, out);
        String b = weight(module + ".bias", role + ".bias", out);
        node("MatMul", scope + "/MatMul", List.of(x, w), scope + "/MatMul_output_0");
        node("Add", scope + "/Add", List.of(b, scope + "/MatMul_output_0"), scope + "/Add_output_0");
        return scope + "/Add_output_0";
    }

    private String layerNorm(String scope, String module, String role, String x, String output) {
        String g = weight(module + ".weight", role + ".gamma", HIDDEN);
        String b = weight(module + ".bias", role + ".beta", HIDDEN);
        if (variant.fusedLayerNorm()) {
            node("LayerNormalization", scope + "/LayerNormalization", List.of(x, g, b), output,
                    intAttr("axis", -1), AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                            .setF(variant.eps()).build());
            return output;
        }
        node("ReduceMean", scope + "/ReduceMean", List.of(x), scope + "/mean", intsAttr("axes", -1));
        node("Sub", scope + "/Sub", List.of(x, scope + "/mean"), scope + "/centered");
        String two = constFloat(scope + "/Constant", 2f);
        node("Pow", scope + "/Pow", List.of(scope + "/centered", two), scope + "/sq");
        node("ReduceMean", scope + "/ReduceMean_1", List.of(scope + "/sq"), scope + "/var", intsAttr("axes", -1));
        String eps = constFloat(scope + "/Constant_1", variant.eps());
        node("Add", scope + "/Add", List.of(scope + "/var", eps), scope + "/var_eps");
        node("Sqrt", scope + "/Sqrt", List.of(scope + "/var_eps"), scope + "/std");
        node("Div", scope + "/Div", List.of(scope + "/centered", scope + "/std"), scope + "/normed");
        node("Mul", scope + "/Mul", List.of(scope + "/normed", g), scope + "/scaled");
        node("Add", scope + "/Add_1", List.of(scope + "/scaled", b), output);
        return output;
    }

    // ---- builders

    private void input(String name) {
        graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE).setShape(dynamicShape(2)))));
    }

    private static TypeProto floatType(int rank) {
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(dynamicShape(rank))).build();
    }

    private static TensorShapeProto dynamicShape(int rank) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int i = 0; i < rank; i++) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("d" + i));
        }
        return shape.build();
    }

    private String weight(String name, String role, int... dims) {
        int count = 1;
        for (int d : dims) {
            count *= d;
        }
        float[] values = new float[count];
        boolean norm = role.endsWith(".gamma");
        for (int i = 0; i < count; i++) {
            values[i] = norm ? 1f + 0.2f * (float) random.nextGaussian() : 0.5f * (float) random.nextGaussian();
        }
        ByteBuffer raw = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        roles.put(role, values);
        return name;
    }

    private String constFloat(String nodeName, float value) {
        TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value).build();
        return constant(nodeName, t);
    }

    private String constScalarInt(String nodeName, long value) {
        TensorProto t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(value).build();
        return constant(nodeName, t);
    }

    private String constInts(String nodeName, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return constant(nodeName, t.build());
    }

    private String constant(String nodeName, TensorProto value) {
        String out = nodeName + "_output_0";
        node("Constant", nodeName, List.of(), out, AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(value).build());
        return out;
    }

    private void node(String op, String name, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** Role names in the order the weights were created (for checks). */
    public static List<String> roleNames(Built built) {
        return new ArrayList<>(built.roles().keySet());
    }
}
