package org.attentionlab.core.decoder.synthetic;

import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * What the GPT-2 and Llama exports have in common, written op for op as torch.onnx.export (opset 14+, the
 * TorchScript exporter optimum drives) writes it for transformers' eager modules: optimum's inputs and
 * outputs ({@code input_ids}, {@code attention_mask}, optionally {@code position_ids}, and with past
 * {@code past_key_values.{i}.key/.value} in, {@code present.{i}.key/.value} out, each
 * {@code [batch, kvHeads, past, dHead]}), the additive causal mask built in the graph from the positions and
 * the attention mask, heads split and merged by Reshape/Transpose with shapes computed from {@code Shape},
 * {@code nn.Linear} as a MatMul of a folded, transposed initializer named {@code onnx::MatMul_N} plus its bias
 * Add, and the scores, softmax and weighted sum of eager attention.
 */
public abstract class CausalLmExport {

    /** int64 element type. */
    protected static final int INT64 = TensorProto.DataType.INT64_VALUE;
    /** float32 element type. */
    protected static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    /** The additive mask's "minus infinity": torch.finfo(float32).min, as transformers writes it. */
    protected static final float MASKED = -3.4028235e38f;

    /** The graph being written. */
    protected final OnnxBuilder b;
    /** The with-past layout. */
    protected final boolean past;
    /** Whether {@code position_ids} is an input (optimum's TextDecoderWithPositionIdsOnnxConfig) or computed. */
    protected final boolean positionIdsInput;
    /** Query heads, key/value heads, head width. */
    protected final int heads;
    /** Key/value heads. */
    protected final int kvHeads;
    /** Head width. */
    protected final int dHead;
    /** Layers. */
    protected final int layers;

    /** Whether present.* outputs are written without past inputs (optimum's decoder_model.onnx, the merged form's no-cache branch). */
    private boolean presentsWithoutPast;
    private String seqLen;
    private String pastLen;
    private String batch;

    /**
     * @param b                the graph to write into
     * @param past             write the with-past inputs and present outputs
     * @param positionIdsInput take position_ids as an input (else compute past .. past + n - 1)
     */
    protected CausalLmExport(OnnxBuilder b, boolean past, boolean positionIdsInput, int layers, int heads, int kvHeads, int dHead) {
        this.b = b;
        this.past = past;
        this.positionIdsInput = positionIdsInput;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.dHead = dHead;
    }

    /** Writes present.* outputs even without past inputs (the no-cache decoder optimum merges with the with-past one). */
    protected void presentsWithoutPast() {
        presentsWithoutPast = true;
    }

    /** Declares the inputs and the logits and present outputs, in optimum's order. */
    protected void inputsAndOutputs(int vocab) {
        b.input("input_ids", INT64, "batch_size", "sequence_length");
        b.input("attention_mask", INT64, "batch_size", "past_sequence_length + sequence_length");
        if (positionIdsInput) {
            b.input("position_ids", INT64, "batch_size", "sequence_length");
        }
        if (past) {
            for (int l = 0; l < layers; l++) {
                b.input("past_key_values." + l + ".key", FLOAT, "batch_size", kvHeads, "past_sequence_length", dHead);
                b.input("past_key_values." + l + ".value", FLOAT, "batch_size", kvHeads, "past_sequence_length", dHead);
            }
        }
        b.output("logits", FLOAT, "batch_size", "sequence_length", vocab);
        if (past || presentsWithoutPast) {
            for (int l = 0; l < layers; l++) {
                b.output("present." + l + ".key", FLOAT, "batch_size", kvHeads, "past_sequence_length + sequence_length", dHead);
                b.output("present." + l + ".value", FLOAT, "batch_size", kvHeads, "past_sequence_length + sequence_length", dHead);
            }
        }
    }

    /** {@code input_ids.shape[0]}, as a 1-D value of one element. */
    protected String batch() {
        if (batch == null) {
            String shape = b.node("Shape", "/Shape_batch", List.of("input_ids"));
            String g = b.node("Gather", "/Gather_batch", List.of(shape, b.constScalar("", 0)), OnnxBuilder.intAttr("axis", 0));
            batch = b.node("Unsqueeze", "/Unsqueeze_batch", List.of(g, b.constInts("", 0)));
        }
        return batch;
    }

    /** {@code input_ids.shape[1]}, a scalar. */
    protected String seqLen() {
        if (seqLen == null) {
            String shape = b.node("Shape", "/Shape", List.of("input_ids"));
            seqLen = b.node("Gather", "/Gather", List.of(shape, b.constScalar("", 1)), OnnxBuilder.intAttr("axis", 0));
        }
        return seqLen;
    }

    /** The past length, a scalar: {@code past_key_values.0.key.shape[2]}, or 0 without past. */
    protected String pastLen() {
        if (pastLen == null) {
            if (past) {
                String shape = b.node("Shape", "/Shape_past", List.of("past_key_values.0.key"));
                pastLen = b.node("Gather", "/Gather_past", List.of(shape, b.constScalar("", 2)), OnnxBuilder.intAttr("axis", 0));
            } else {
                pastLen = b.constScalar("", 0);
            }
        }
        return pastLen;
    }

    /** position_ids {@code [batch or 1, n]}: the input, or {@code arange(past, past + n)[None]}. */
    protected String positionIds(String scope) {
        if (positionIdsInput) {
            return "position_ids";
        }
        String end = b.node("Add", scope + "/Add_pos_end", List.of(pastLen(), seqLen()));
        String range = b.node("Range", scope + "/Range", List.of(pastLen(), end, b.constScalar(scope, 1)));
        return b.node("Unsqueeze", scope + "/Unsqueeze_pos", List.of(range, b.constInts(scope, 0)));
    }

    /**
     * The additive mask {@code [batch, 1, n, past + n]}: 0 where key j may be seen by query i (j <= past + i and
     * attention_mask[j] = 1), float32's minimum elsewhere, as transformers' 4-D causal mask is.
     */
    protected String causalMask() {
        String total = b.node("Add", "/Add_total", List.of(pastLen(), seqLen()));
        String one = b.constScalar("", 1);
        String queries = b.node("Range", "/Range_q", List.of(pastLen(), total, one));
        String keys = b.node("Range", "/Range_k", List.of(b.constScalar("", 0), total, one));
        String q2 = b.node("Unsqueeze", "/Unsqueeze_q", List.of(queries, b.constInts("", 1)));
        String k2 = b.node("Unsqueeze", "/Unsqueeze_k", List.of(keys, b.constInts("", 0)));
        String causal = b.node("LessOrEqual", "/LessOrEqual", List.of(k2, q2));
        String am = b.node("Cast", "/Cast_mask", List.of("attention_mask"), OnnxBuilder.intAttr("to", TensorProto.DataType.BOOL_VALUE));
        String am4 = b.node("Unsqueeze", "/Unsqueeze_mask", List.of(am, b.constInts("", 1, 2)));
        String allowed = b.node("And", "/And", List.of(causal, am4));
        return b.node("Where", "/Where_mask", List.of(allowed, b.constFloat("", 0f), b.constFloat("", MASKED)));
    }

    /** {@code x.view(batch, n, parts, dHead).transpose(1, 2)}, the view's shape computed from Shape as the exporter writes it. */
    protected String splitHeads(String x, String scope, int parts, String suffix) {
        String seq = b.node("Unsqueeze", scope + "/Unsqueeze_seq" + suffix, List.of(seqLen(), b.constInts(scope, 0)));
        String shape = b.node("Concat", scope + "/Concat" + suffix, List.of(batch(), seq, b.constInts(scope, parts), b.constInts(scope, dHead)),
                OnnxBuilder.intAttr("axis", 0));
        String r = b.node("Reshape", scope + "/Reshape" + suffix, List.of(x, shape));
        return b.node("Transpose", scope + "/Transpose" + suffix, List.of(r), OnnxBuilder.intsAttr("perm", 0, 2, 1, 3));
    }

    /** {@code x.transpose(1, 2).reshape(batch, n, heads * dHead)}. */
    protected String mergeHeads(String x, String scope) {
        String t = b.node("Transpose", scope + "/Transpose_merge", List.of(x), OnnxBuilder.intsAttr("perm", 0, 2, 1, 3));
        String seq = b.node("Unsqueeze", scope + "/Unsqueeze_merge", List.of(seqLen(), b.constInts(scope, 0)));
        String shape = b.node("Concat", scope + "/Concat_merge", List.of(batch(), seq, b.constInts(scope, heads * dHead)),
                OnnxBuilder.intAttr("axis", 0));
        return b.node("Reshape", scope + "/Reshape_merge", List.of(t, shape));
    }

    /** With past, the cache's keys (or values) then the new ones, output as {@code present.L.key}; without, the new ones. */
    protected String withPast(String fresh, int layer, String which, String scope) {
        String present = "present." + layer + "." + which;
        if (!past) {
            if (presentsWithoutPast) {
                b.nodeOutputs("Identity", scope + "/Identity_" + which, List.of(fresh), List.of(present));
            }
            return fresh;
        }
        b.nodeOutputs("Concat", scope + "/Concat_" + which, List.of("past_key_values." + layer + "." + which, fresh), List.of(present),
                OnnxBuilder.intAttr("axis", -2));
        return present;
    }

    /**
     * Eager attention: {@code softmax(q k^T * scale + mask) v}, the scale as the model writes it ({@code divide}: GPT-2 divides
     * by sqrt(dHead); else Llama multiplies by dHead^-0.5).
     */
    protected String attend(String q, String k, String v, String mask, String scope, boolean divide) {
        String kt = b.node("Transpose", scope + "/Transpose_k", List.of(k), OnnxBuilder.intsAttr("perm", 0, 1, 3, 2));
        String scores = b.node("MatMul", scope + "/MatMul", List.of(q, kt));
        String scaled = divide
                ? b.node("Div", scope + "/Div", List.of(scores, b.constFloat(scope, (float) Math.sqrt(dHead))))
                : b.node("Mul", scope + "/Mul_scale", List.of(scores, b.constFloat(scope, (float) Math.pow(dHead, -0.5))));
        String masked = b.node("Add", scope + "/Add_mask", List.of(scaled, mask));
        String probs = b.node("Softmax", scope + "/Softmax", List.of(masked), OnnxBuilder.intAttr("axis", -1));
        return b.node("MatMul", scope + "/MatMul_1", List.of(probs, v));
    }

    /** {@code nn.Linear}: MatMul of a folded {@code in x out} initializer, then the bias Add when there is one. */
    protected String linear(String x, String scope, String role, int in, int out, boolean bias, float std) {
        String w = b.initializer(b.anonymousName("MatMul"), role + ".weight", b.gaussian(in * out, 0f, std), in, out);
        String y = b.node("MatMul", scope + "/MatMul", List.of(x, w));
        if (!bias) {
            return y;
        }
        String bb = b.initializer(scope.substring(1).replace('/', '.') + ".bias", role + ".bias", b.gaussian(out, 0f, 0.1f), out);
        return b.node("Add", scope + "/Add", List.of(bb, y));
    }

    /** LayerNorm: the fused op (opset 17) or the decomposition older opsets get; gains drawn around 1. */
    protected String layerNorm(String x, String scope, String module, String role, int width, float eps, boolean fused) {
        return layerNorm(x, scope, module, role, width, eps, fused, 1f);
    }

    /** LayerNorm whose gains are drawn around {@code gainMean} (with a spread of a tenth of it). */
    protected String layerNorm(String x, String scope, String module, String role, int width, float eps, boolean fused, float gainMean) {
        String g = b.initializer(module + ".weight", role + ".gamma", b.gaussian(width, gainMean, 0.1f * gainMean), width);
        String beta = b.initializer(module + ".bias", role + ".beta", b.gaussian(width, 0f, 0.1f), width);
        if (fused) {
            return b.node("LayerNormalization", scope + "/LayerNormalization", List.of(x, g, beta), OnnxBuilder.intAttr("axis", -1),
                    OnnxBuilder.floatAttr("epsilon", eps));
        }
        String mean = b.node("ReduceMean", scope + "/ReduceMean", List.of(x), OnnxBuilder.intsAttr("axes", -1));
        String centred = b.node("Sub", scope + "/Sub", List.of(x, mean));
        String sq = b.node("Pow", scope + "/Pow", List.of(centred, b.constFloat(scope, 2f)));
        String var = b.node("ReduceMean", scope + "/ReduceMean_1", List.of(sq), OnnxBuilder.intsAttr("axes", -1));
        String ve = b.node("Add", scope + "/Add", List.of(var, b.constFloat(scope, eps)));
        String std = b.node("Sqrt", scope + "/Sqrt", List.of(ve));
        String normed = b.node("Div", scope + "/Div", List.of(centred, std));
        String scaled = b.node("Mul", scope + "/Mul", List.of(normed, g));
        return b.node("Add", scope + "/Add_1", List.of(scaled, beta));
    }

    /** The names every present output of a with-past export gets, in order. */
    protected List<String> presentNames() {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            names.add("present." + l + ".key");
            names.add("present." + l + ".value");
        }
        return names;
    }
}
