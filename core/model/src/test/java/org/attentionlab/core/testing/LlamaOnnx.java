package org.attentionlab.core.testing;

import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.TensorProto;
import org.attentionlab.core.decoder.synthetic.CausalLmExport;
import org.attentionlab.core.decoder.synthetic.OnnxBuilder;

/**
 * A LlamaForCausalLM export with seeded weights, laid out as torch.onnx.export writes transformers' (>= 4.38)
 * eager Llama for optimum: {@code /model/embed_tokens/Gather}; the rotary embedding once at model level
 * ({@code inv_freq[None, :, None]} expanded, MatMul with the float position ids, Transpose, Concat(freqs, freqs),
 * Cos/Sin, Mul by attention_scaling); per layer RMSNorm decomposed (Pow 2, ReduceMean, Add eps, Sqrt,
 * Reciprocal or Div(1, .), Mul, Mul weight), q/k/v as MatMuls of folded {@code onnx::MatMul_N} weights (with
 * biases for the Qwen2 variant), views with shape {@code (*input_shape, -1, dHead)}, rotate_half by Slice/Neg/Concat
 * and {@code q * cos + rotate_half(q) * sin} on cos/sin unsqueezed per layer, past concatenated, repeat_kv by
 * Unsqueeze/Expand/Reshape when grouped, scores times dHead^-0.5, the causal mask, softmax, o_proj, residual;
 * SwiGLU as {@code down(gate * sigmoid(gate) * up)}; the final norm and the lm_head (own matrix, or a transposed
 * copy of the embedding when tied).
 *
 * <p>With {@link Options#withRopeTables} the rotary embedding is laid out as transformers &lt; 4.38 exports it
 * instead: every layer's own {@code rotary_emb} holds constant {@code cos_cached}/{@code sin_cached} tables
 * ({@code cat(freqs, freqs)} of {@code outer(arange(rows), inv_freq)}, shape {@code [rows, dHead]} as in v4.36, or
 * {@code [1, 1, rows, dHead]} as in earlier versions), sliced to {@code kv_seq_len} (the key's length plus the past's),
 * squeezed to 2-D for the older shape, gathered by {@code position_ids} and unsqueezed at dim 1, for q and k alike.
 */
public final class LlamaOnnx extends CausalLmExport {

    /**
     * The export's shape and layout choices.
     *
     * @param reciprocal RMSNorm's rsqrt as Reciprocal (else Div(1, sqrt))
     * @param qkvBias    q/k/v projections with biases (Qwen2's layout)
     * @param ropeTableRows rows of constant cos/sin tables per layer (transformers &lt; 4.38), or 0 for cos/sin computed
     *                   from inv_freq at model level (&gt;= 4.38)
     * @param ropeTable4d the tables as {@code [1, 1, rows, dHead]} (squeezed before the Gather), else {@code [rows, dHead]}
     */
    public record Options(int layers, int heads, int kvHeads, int dModel, int intermediate, int vocab, boolean past,
                          boolean positionIds, boolean tied, boolean reciprocal, boolean qkvBias, float theta, long seed,
                          int ropeTableRows, boolean ropeTable4d) {

        /** 2 layers, 4 query heads over 2 key/value heads of 8, vocab 80, no past, untied. */
        public static Options tiny() {
            return new Options(2, 4, 2, 32, 48, 80, false, true, false, true, false, 10000f, 11, 0, false);
        }

        /** With or without past. */
        public Options withPast(boolean value) {
            return new Options(layers, heads, kvHeads, dModel, intermediate, vocab, value, positionIds, tied, reciprocal, qkvBias, theta, seed, ropeTableRows, ropeTable4d);
        }

        /** Other heads. */
        public Options withHeads(int newHeads, int newKvHeads) {
            return new Options(layers, newHeads, newKvHeads, dModel, intermediate, vocab, past, positionIds, tied, reciprocal, qkvBias, theta, seed, ropeTableRows, ropeTable4d);
        }

        /** RoPE as constant cos/sin tables of {@code rows} rows per layer ({@code [1, 1, rows, dHead]} when {@code fourD}); 0: from inv_freq. */
        public Options withRopeTables(int rows, boolean fourD) {
            return new Options(layers, heads, kvHeads, dModel, intermediate, vocab, past, positionIds, tied, reciprocal, qkvBias, theta, seed, rows, fourD);
        }

        /** Other layout choices. */
        public Options withLayout(boolean newPositionIds, boolean newTied, boolean newReciprocal, boolean newQkvBias) {
            return new Options(layers, heads, kvHeads, dModel, intermediate, vocab, past, newPositionIds, newTied, newReciprocal, newQkvBias, theta, seed, ropeTableRows, ropeTable4d);
        }
    }

    /** The export's bytes and, by role, the weights written. */
    public record Built(byte[] onnx, Map<String, float[]> roles) {
    }

    private final Options o;
    private String cos;
    private String sin;
    private String positions;

    private LlamaOnnx(OnnxBuilder b, Options o) {
        super(b, o.past(), o.positionIds(), o.layers(), o.heads(), o.kvHeads(), o.dModel() / o.heads());
        this.o = o;
    }

    /** Writes the export. */
    public static Built write(Options options) {
        OnnxBuilder b = new OnnxBuilder("main_graph", options.seed());
        LlamaOnnx e = new LlamaOnnx(b, options);
        e.graph();
        return new Built(b.model(17, "pytorch"), b.roles());
    }

    private void graph() {
        int d = o.dModel();
        inputsAndOutputs(o.vocab());
        float[] embed = b.gaussian(o.vocab() * d, 0f, 1f);
        String table = b.initializer("model.embed_tokens.weight", "embedding.token", embed, o.vocab(), d);
        String x = b.node("Gather", "/model/embed_tokens/Gather", List.of(table, "input_ids"));
        if (o.ropeTableRows() == 0) {
            rotary();
        }
        String mask = causalMask();
        for (int l = 0; l < o.layers(); l++) {
            x = layer(l, x, mask);
        }
        String normed = rmsNorm(x, "/model/norm", "model.norm", "final_norm");
        String head = o.tied()
                ? b.initializer(b.anonymousName("MatMul"), null, OnnxBuilder.transpose(embed, o.vocab(), d), d, o.vocab())
                : b.initializer(b.anonymousName("MatMul"), "lm_head.weight", b.gaussian(d * o.vocab(), 0f, 1f / (float) Math.sqrt(d)), d, o.vocab());
        b.nodeOutputs("MatMul", "/lm_head/MatMul", List.of(normed, head), List.of("logits"));
    }

    private void rotary() {
        String s = "/model/rotary_emb";
        int half = dHead / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            inv[i] = (float) (1.0 / Math.pow(o.theta(), (2.0 * i) / dHead));
        }
        String invFreq = b.initializer(b.anonymousName("Expand"), "rope.inv_freq", inv, half);
        String inv3 = b.node("Unsqueeze", s + "/Unsqueeze", List.of(invFreq, b.constInts(s, 0, 2)));
        String expandShape = b.node("Concat", s + "/Concat", List.of(batch(), b.constInts(s, 1), b.constInts(s, 1)), OnnxBuilder.intAttr("axis", 0));
        String expanded = b.node("Expand", s + "/Expand", List.of(inv3, expandShape));
        String pos = b.node("Unsqueeze", s + "/Unsqueeze_1", List.of(positionIds("/model"), b.constInts(s, 1)));
        String posF = b.node("Cast", s + "/Cast", List.of(pos), OnnxBuilder.intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        String freqs = b.node("MatMul", s + "/MatMul", List.of(expanded, posF));
        String ft = b.node("Transpose", s + "/Transpose", List.of(freqs), OnnxBuilder.intsAttr("perm", 0, 2, 1));
        String emb = b.node("Concat", s + "/Concat_1", List.of(ft, ft), OnnxBuilder.intAttr("axis", -1));
        cos = b.node("Mul", s + "/Mul", List.of(b.node("Cos", s + "/Cos", List.of(emb)), b.constFloat(s, 1f)));
        sin = b.node("Mul", s + "/Mul_1", List.of(b.node("Sin", s + "/Sin", List.of(emb)), b.constFloat(s, 1f)));
    }

    private String layer(int l, String x, String mask) {
        int d = o.dModel();
        String s = "/model/layers." + l;
        String r = "layer." + l + ".";
        float std = 1f / (float) Math.sqrt(d);
        String normed = rmsNorm(x, s + "/input_layernorm", "model.layers." + l + ".input_layernorm", r + "attention_norm");
        String a = s + "/self_attn";
        String q = linear(normed, a + "/q_proj", r + "query", d, heads * dHead, o.qkvBias(), std * 2);
        String k = linear(normed, a + "/k_proj", r + "key", d, kvHeads * dHead, o.qkvBias(), std * 2);
        String v = linear(normed, a + "/v_proj", r + "value", d, kvHeads * dHead, o.qkvBias(), std);
        String inputShape = b.node("Slice", a + "/Slice_shape", List.of(b.node("Shape", a + "/Shape", List.of(normed)),
                b.constInts(a, 0), b.constInts(a, -1)));
        String q4 = view(q, a, inputShape, "");
        String k4 = view(k, a, inputShape, "_1");
        String v4 = view(v, a, inputShape, "_2");
        String cos4;
        String sin4;
        if (o.ropeTableRows() > 0) {
            // kv_seq_len = key_states.shape[-2] (+ the past's length); rotary_emb(value_states, seq_len=kv_seq_len)
            String kvLen = b.node("Gather", a + "/Gather_kvlen", List.of(b.node("Shape", a + "/Shape_k", List.of(k4)), b.constScalar(a, 2)),
                    OnnxBuilder.intAttr("axis", 0));
            if (o.past()) {
                kvLen = b.node("Add", a + "/Add_kvlen", List.of(kvLen, pastLen()));
            }
            cos4 = cachedTable(l, a, kvLen, true);
            sin4 = cachedTable(l, a, kvLen, false);
        } else {
            cos4 = b.node("Unsqueeze", a + "/Unsqueeze", List.of(cos, b.constInts(a, 1)));
            sin4 = b.node("Unsqueeze", a + "/Unsqueeze_1", List.of(sin, b.constInts(a, 1)));
        }
        String qr = rope(q4, cos4, sin4, a, "");
        String kr = rope(k4, cos4, sin4, a, "_k");
        String kAll = repeatKv(withPast(kr, l, "key", a), a, "");
        String vAll = repeatKv(withPast(v4, l, "value", a), a, "_v");
        String ctx = attend(qr, kAll, vAll, mask, a, false);
        String t = b.node("Transpose", a + "/Transpose_out", List.of(ctx), OnnxBuilder.intsAttr("perm", 0, 2, 1, 3));
        String shape = b.node("Concat", a + "/Concat_out", List.of(inputShape, b.constInts(a, -1)), OnnxBuilder.intAttr("axis", 0));
        String merged = b.node("Reshape", a + "/Reshape_out", List.of(t, shape));
        String out = linear(merged, a + "/o_proj", r + "output", heads * dHead, d, false, std);
        String h1 = b.node("Add", s + "/Add", List.of(x, out));
        String n2 = rmsNorm(h1, s + "/post_attention_layernorm", "model.layers." + l + ".post_attention_layernorm", r + "mlp_norm");
        String m = s + "/mlp";
        String gate = linear(n2, m + "/gate_proj", r + "gate", d, o.intermediate(), false, std * 2);
        String sig = b.node("Sigmoid", m + "/act_fn/Sigmoid", List.of(gate));
        String act = b.node("Mul", m + "/act_fn/Mul", List.of(gate, sig));
        String up = linear(n2, m + "/up_proj", r + "up", d, o.intermediate(), false, std * 2);
        String prod = b.node("Mul", m + "/Mul", List.of(act, up));
        String down = linear(prod, m + "/down_proj", r + "down", o.intermediate(), d, false, 1f / (float) Math.sqrt(o.intermediate()));
        return b.node("Add", s + "/Add_1", List.of(h1, down));
    }

    /**
     * One layer's {@code cos_cached[:seq_len]} (or {@code [:, :, :seq_len, ...]} then {@code squeeze(1).squeeze(0)}),
     * {@code [position_ids].unsqueeze(1)}, the table being {@code cat(freqs, freqs).cos()} (or sin) of
     * {@code outer(arange(rows), inv_freq)} in float.
     */
    private String cachedTable(int l, String scope, String kvLen, boolean cosine) {
        int rows = o.ropeTableRows();
        int half = dHead / 2;
        float[] table = new float[rows * dHead];
        for (int p = 0; p < rows; p++) {
            for (int i = 0; i < half; i++) {
                float inv = (float) (1.0 / Math.pow(o.theta(), (2.0 * i) / dHead));
                float angle = (float) p * inv;
                float v = (float) (cosine ? Math.cos(angle) : Math.sin(angle));
                table[p * dHead + i] = v;
                table[p * dHead + half + i] = v;
            }
        }
        String what = cosine ? "cos" : "sin";
        String r = "/model/layers." + l + "/self_attn/rotary_emb";
        String name = "model.layers." + l + ".self_attn.rotary_emb." + what + "_cached";
        String role = l == 0 ? "rope." + what + "_table" : null;
        String t = o.ropeTable4d() ? b.initializer(name, role, table, 1, 1, rows, dHead) : b.initializer(name, role, table, rows, dHead);
        String end = b.node("Unsqueeze", r + "/Unsqueeze_" + what, List.of(kvLen, b.constInts(r, 0)));
        String sliced = b.node("Slice", r + "/Slice_" + what, List.of(t, b.constInts(r, 0), end, b.constInts(r, o.ropeTable4d() ? 2 : 0),
                b.constInts(r, 1)));
        if (o.ropeTable4d()) {
            sliced = b.node("Squeeze", scope + "/Squeeze_" + what, List.of(sliced, b.constInts(scope, 1)));
            sliced = b.node("Squeeze", scope + "/Squeeze_1_" + what, List.of(sliced, b.constInts(scope, 0)));
        }
        if (positions == null) {
            positions = positionIds("/model");
        }
        String gathered = b.node("Gather", scope + "/Gather_" + what, List.of(sliced, positions));
        return b.node("Unsqueeze", scope + "/Unsqueeze_" + what, List.of(gathered, b.constInts(scope, 1)));
    }

    private String view(String x, String scope, String inputShape, String suffix) {
        String shape = b.node("Concat", scope + "/Concat" + suffix, List.of(inputShape, b.constInts(scope, -1, dHead)), OnnxBuilder.intAttr("axis", 0));
        String r = b.node("Reshape", scope + "/Reshape" + suffix, List.of(x, shape));
        return b.node("Transpose", scope + "/Transpose" + suffix, List.of(r), OnnxBuilder.intsAttr("perm", 0, 2, 1, 3));
    }

    /** {@code x * cos + rotate_half(x) * sin}, rotate_half as {@code cat(-x[..., d/2:], x[..., :d/2])}. */
    private String rope(String x, String cos4, String sin4, String scope, String suffix) {
        int half = dHead / 2;
        String x1 = b.node("Slice", scope + "/Slice" + suffix, List.of(x, b.constInts(scope, 0), b.constInts(scope, half), b.constInts(scope, -1),
                b.constInts(scope, 1)));
        String x2 = b.node("Slice", scope + "/Slice_1" + suffix, List.of(x, b.constInts(scope, half), b.constInts(scope, Long.MAX_VALUE),
                b.constInts(scope, -1), b.constInts(scope, 1)));
        String neg = b.node("Neg", scope + "/Neg" + suffix, List.of(x2));
        String rotated = b.node("Concat", scope + "/Concat_rot" + suffix, List.of(neg, x1), OnnxBuilder.intAttr("axis", -1));
        String a = b.node("Mul", scope + "/Mul" + suffix, List.of(x, cos4));
        String c = b.node("Mul", scope + "/Mul_1" + suffix, List.of(rotated, sin4));
        return b.node("Add", scope + "/Add" + suffix, List.of(a, c));
    }

    /** transformers' repeat_kv: {@code x[:, :, None].expand(b, kv, group, t, d).reshape(b, kv * group, t, d)}; identity without groups. */
    private String repeatKv(String x, String scope, String suffix) {
        int group = heads / kvHeads;
        if (group == 1) {
            return x;
        }
        String shape = b.node("Shape", scope + "/Shape_kv" + suffix, List.of(x));
        String t = b.node("Slice", scope + "/Slice_kv" + suffix, List.of(shape, b.constInts(scope, 2), b.constInts(scope, 3)));
        String u = b.node("Unsqueeze", scope + "/Unsqueeze_kv" + suffix, List.of(x, b.constInts(scope, 2)));
        String expandShape = b.node("Concat", scope + "/Concat_kv" + suffix,
                List.of(batch(), b.constInts(scope, kvHeads), b.constInts(scope, group), t, b.constInts(scope, dHead)), OnnxBuilder.intAttr("axis", 0));
        String e = b.node("Expand", scope + "/Expand" + suffix, List.of(u, expandShape));
        String outShape = b.node("Concat", scope + "/Concat_kv2" + suffix, List.of(batch(), b.constInts(scope, heads), t, b.constInts(scope, dHead)),
                OnnxBuilder.intAttr("axis", 0));
        return b.node("Reshape", scope + "/Reshape_kv" + suffix, List.of(e, outShape));
    }

    private String rmsNorm(String x, String scope, String module, String role) {
        int d = o.dModel();
        String w = b.initializer(module + ".weight", role + ".gamma", b.gaussian(d, 1f, 0.1f), d);
        String sq = b.node("Pow", scope + "/Pow", List.of(x, b.constFloat(scope, 2f)));
        String mean = b.node("ReduceMean", scope + "/ReduceMean", List.of(sq), OnnxBuilder.intsAttr("axes", -1));
        String ve = b.node("Add", scope + "/Add", List.of(mean, b.constFloat(scope, 1e-6f)));
        String root = b.node("Sqrt", scope + "/Sqrt", List.of(ve));
        String inv = o.reciprocal()
                ? b.node("Reciprocal", scope + "/Reciprocal", List.of(root))
                : b.node("Div", scope + "/Div", List.of(b.constFloat(scope, 1f), root));
        String normed = b.node("Mul", scope + "/Mul", List.of(x, inv));
        return b.node("Mul", scope + "/Mul_1", List.of(w, normed));
    }
}
