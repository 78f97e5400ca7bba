package org.attentionlab.core.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.tensor.HeadLayout;
import org.attentionlab.core.tensor.LayerNorm;
import org.attentionlab.core.tensor.Linear;

/**
 * A causal LM in Java (GPT-2 or Llama layout, as {@link DecoderWeights} holds it): token (+ learned position)
 * embeddings, then per pre-norm block the q/k/v projections as one GEMM, RoPE when the model has it, the
 * layer's attention plugin with the causal flag set (grouped-query heads share their key/value arrays, see
 * {@link AttentionInput}), the output projection and residual, the norm and feed-forward (gelu_new, exact GELU
 * or SwiGLU with gate and up as one GEMM) and residual; the final norm and the lm_head (the token embedding
 * transposed when tied). Projections run on core-api's {@link Linear} (the shared GEMM kernels); a decode step
 * runs them on one row, so each is a matrix-vector product streaming the packed weights once.
 *
 * <p>{@link #logits} recomputes a whole sequence; {@link #startDecode} returns a {@link DecoderSession} that
 * prefills a prompt and then decodes token by token through each layer's {@link DecodeState} (the plugin's
 * cache policy). An instance serves one thread at a time (its attentions keep scratch).
 */
public final class CausalDecoder {

    private final DecoderWeights weights;
    private final DecoderConfig config;
    private final List<Attention> attentions;
    private final LayerLinears[] linears;
    private final Linear lmHead;
    private final float[] zeros;

    record LayerLinears(Linear qkv, Linear output, Linear up, Linear down) {
    }

    /**
     * @param perLayer one attention per layer (the same instance may serve several layers)
     * @throws IllegalArgumentException when the count differs from the model's layers
     */
    public CausalDecoder(DecoderWeights weights, List<Attention> perLayer) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.config = weights.config();
        if (perLayer.size() != config.layers()) {
            throw new IllegalArgumentException("the model has " + config.layers() + " layers but " + perLayer.size()
                    + " attentions were given (one per layer)");
        }
        List<Attention> copy = new ArrayList<>();
        for (int i = 0; i < perLayer.size(); i++) {
            copy.add(Objects.requireNonNull(perLayer.get(i), "attention of layer " + i));
        }
        this.attentions = List.copyOf(copy);
        this.linears = new LayerLinears[config.layers()];
        for (int l = 0; l < linears.length; l++) {
            DecoderWeights.Layer w = weights.layer(l);
            Linear up = w.gate() == null ? linear(w.up()) : concat(w.gate(), w.up());
            linears[l] = new LayerLinears(concat(w.query(), w.key(), w.value()), linear(w.output()), up, linear(w.down()));
        }
        if (weights.lmHead() != null) {
            lmHead = linear(weights.lmHead());
        } else {
            int v = config.vocab();
            int d = config.dModel();
            float[] e = weights.tokenEmbedding();
            float[] t = new float[d * v];
            for (int r = 0; r < v; r++) {
                for (int c = 0; c < d; c++) {
                    t[c * v + r] = e[r * d + c];
                }
            }
            lmHead = new Linear(t, d, v, null);
        }
        zeros = new float[config.dModel()];
    }

    private static Linear linear(DecoderWeights.Dense d) {
        return new Linear(d.weight(), d.in(), d.out(), d.bias());
    }

    /** Projections of one input side by side: one GEMM whose output row is their outputs concatenated. */
    private static Linear concat(DecoderWeights.Dense... parts) {
        int in = parts[0].in();
        int out = 0;
        boolean bias = false;
        for (DecoderWeights.Dense p : parts) {
            out += p.out();
            bias |= p.bias() != null;
        }
        float[] w = new float[in * out];
        float[] b = bias ? new float[out] : null;
        int col = 0;
        for (DecoderWeights.Dense p : parts) {
            for (int r = 0; r < in; r++) {
                System.arraycopy(p.weight(), r * p.out(), w, r * out + col, p.out());
            }
            if (p.bias() != null) {
                System.arraycopy(p.bias(), 0, b, col, p.out());
            }
            col += p.out();
        }
        return new Linear(w, in, out, b);
    }

    /** The model's shape as read from the export. */
    public DecoderConfig config() {
        return config;
    }

    /** The weights this decoder runs. */
    public DecoderWeights weights() {
        return weights;
    }

    /** The attention of each layer; unmodifiable. */
    public List<Attention> attentions() {
        return attentions;
    }

    /** See {@link #logits(int[], DecoderStageObserver)}: no observer. */
    public float[] logits(int[] ids) {
        return logits(ids, null);
    }

    /**
     * The next-token logits at every position of one sequence (positions 0..n-1), each layer's attention run
     * with {@code causal == true}.
     *
     * @param stages told as each {@link DecoderStage} ends, or null
     * @return {@code n x vocab} row-major
     * @throws IllegalArgumentException when n is outside the model's positions or an id outside its vocabulary
     */
    public float[] logits(int[] ids, DecoderStageObserver stages) {
        return forward(ids, null, stages);
    }

    /**
     * A KV-cache decoding of one sequence of at most {@code maxTokens} tokens (prompt plus steps), each layer
     * through its attention's {@link Attention#startDecode} state.
     *
     * @throws IllegalArgumentException when maxTokens exceeds the learned position table
     * @throws UnsupportedOperationException when a layer's attention has no decoding
     */
    public DecoderSession startDecode(int maxTokens) {
        config.checkContext(maxTokens);
        DecodeShape shape = new DecodeShape(config.heads(), config.kvHeads(), config.dHead(), maxTokens);
        DecodeState[] states = new DecodeState[config.layers()];
        for (int l = 0; l < states.length; l++) {
            states[l] = attentions.get(l).startDecode(shape);
        }
        return new DecoderSession(this, states, maxTokens);
    }

    // ------------------------------------------------------------------ the forward over n tokens

    /** n tokens from position 0; each layer's attention is the plugin's forward, or its decode state's prefill. */
    float[] forward(int[] ids, DecodeState[] prefill, DecoderStageObserver stages) {
        int n = ids.length;
        config.checkContext(n);
        checkIds(ids);
        int d = config.dModel();
        int dh = config.dHead();
        int heads = config.heads();
        int kv = config.kvHeads();
        int qkvWidth = (heads + 2 * kv) * dh;
        if (stages != null) {
            stages.forwardStarted(n);
        }
        float[] hidden = new float[n * d];
        embed(ids, 0, hidden);
        if (stages != null) {
            stages.stageEnded(DecoderStage.EMBED, -1);
        }
        float[] normed = new float[n * d];
        float[] qkv = new float[n * qkvWidth];
        float[][] q = new float[heads][n * dh];
        float[][] k = new float[kv][n * dh];
        float[][] v = new float[kv][n * dh];
        float[][] kView = HeadLayout.perQueryHead(k, heads);
        float[][] vView = HeadLayout.perQueryHead(v, heads);
        float[][] out = new float[heads][n * dh];
        float[] context = new float[n * heads * dh];
        float[] proj = new float[n * d];
        float[] inner = new float[n * linears[0].up().out()];
        float[] act = weights.activation() == DecoderWeights.Activation.SWIGLU ? new float[n * config.intermediate()] : inner;
        Trig trig = trig(0, n);
        for (int l = 0; l < config.layers(); l++) {
            DecoderWeights.Layer w = weights.layer(l);
            LayerLinears lin = linears[l];
            norm(w.attentionNorm(), hidden, n, normed);
            lin.qkv().forward(normed, n, qkv);
            splitHeads(qkv, n, q, k, v);
            if (trig != null) {
                rotate(q, n, trig);
                rotate(k, n, trig);
            }
            if (stages != null) {
                stages.stageEnded(DecoderStage.QKV, l);
            }
            AttentionInput input = new AttentionInput(q, kView, vView, n, dh, null, true);
            if (prefill == null) {
                attentions.get(l).forward(input, out);
            } else {
                prefill[l].prefill(input, out);
            }
            if (stages != null) {
                stages.stageEnded(DecoderStage.ATTENTION, l);
            }
            mergeHeads(out, n, context);
            lin.output().forward(context, n, proj);
            DecoderMath.addInPlace(hidden, proj, n * d);
            if (stages != null) {
                stages.stageEnded(DecoderStage.ATTENTION_OUT, l);
            }
            norm(w.mlpNorm(), hidden, n, normed);
            if (stages != null) {
                stages.stageEnded(DecoderStage.MLP_NORM, l);
            }
            mlp(lin, normed, n, inner, act, proj);
            DecoderMath.addInPlace(hidden, proj, n * d);
            if (stages != null) {
                stages.stageEnded(DecoderStage.MLP, l);
            }
        }
        norm(weights.finalNorm(), hidden, n, normed);
        if (stages != null) {
            stages.stageEnded(DecoderStage.FINAL_NORM, -1);
        }
        float[] logits = new float[n * config.vocab()];
        lmHead.forward(normed, n, logits);
        if (stages != null) {
            stages.stageEnded(DecoderStage.LM_HEAD, -1);
        }
        return logits;
    }

    void checkIds(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocab()) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " is outside the vocabulary of " + config.vocab());
            }
        }
    }

    /** Rows {@code position .. position + count - 1} of the residual stream's start: token (+ position) embedding. */
    void embed(int[] ids, int position, float[] hidden) {
        int d = config.dModel();
        float[] tok = weights.tokenEmbedding();
        float[] pos = weights.positionEmbedding();
        for (int i = 0; i < ids.length; i++) {
            int o = i * d;
            System.arraycopy(tok, ids[i] * d, hidden, o, d);
            if (pos != null) {
                int po = (position + i) * d;
                for (int c = 0; c < d; c++) {
                    hidden[o + c] += pos[po + c];
                }
            }
        }
    }

    void norm(DecoderWeights.Norm norm, float[] x, int rows, float[] out) {
        int d = config.dModel();
        if (norm.kind() == DecoderWeights.NormKind.RMS_NORM) {
            DecoderMath.rmsNorm(x, rows, d, norm.gamma(), norm.eps(), out);
        } else {
            LayerNorm.apply(x, rows, d, norm.gamma(), norm.beta() == null ? zeros : norm.beta(), norm.eps(), out);
        }
    }

    /** The feed-forward of {@code rows} normed rows into {@code out} (rows x dModel). */
    void mlp(LayerLinears lin, float[] normed, int rows, float[] inner, float[] act, float[] out) {
        lin.up().forward(normed, rows, inner);
        int width = config.intermediate();
        switch (weights.activation()) {
            case GELU_TANH -> DecoderMath.geluTanh(inner, rows * width);
            case GELU_ERF -> DecoderMath.geluErf(inner, rows * width);
            case SWIGLU -> DecoderMath.siluMul(inner, rows, width, act);
            default -> throw new IllegalStateException(weights.activation().toString());
        }
        lin.down().forward(act, rows, out);
    }

    LayerLinears linears(int layer) {
        return linears[layer];
    }

    Linear lmHead() {
        return lmHead;
    }

    /** Splits rows of the fused q|k|v projection into per-head arrays ({@code rows x dHead} each). */
    void splitHeads(float[] qkv, int rows, float[][] q, float[][] k, float[][] v) {
        int dh = config.dHead();
        int heads = config.heads();
        int kv = config.kvHeads();
        int width = (heads + 2 * kv) * dh;
        for (int i = 0; i < rows; i++) {
            int o = i * width;
            for (int h = 0; h < heads; h++) {
                System.arraycopy(qkv, o + h * dh, q[h], i * dh, dh);
            }
            for (int h = 0; h < kv; h++) {
                System.arraycopy(qkv, o + (heads + h) * dh, k[h], i * dh, dh);
                System.arraycopy(qkv, o + (heads + kv + h) * dh, v[h], i * dh, dh);
            }
        }
    }

    void mergeHeads(float[][] perHead, int rows, float[] merged) {
        int dh = config.dHead();
        int heads = config.heads();
        for (int i = 0; i < rows; i++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(perHead[h], i * dh, merged, (i * heads + h) * dh, dh);
            }
        }
    }

    /** cos and sin of positions {@code from .. from + count - 1}, {@code dHead} values per position; null without RoPE. */
    record Trig(float[] cos, float[] sin, int half) {
    }

    Trig trig(int from, int count) {
        DecoderWeights.Rope rope = weights.rope();
        if (rope == null) {
            return null;
        }
        int dh = config.dHead();
        int half = dh / 2;
        float[] cos = new float[count * dh];
        float[] sin = new float[count * dh];
        if (rope.fromTables()) {
            // the export's own rows (checkContext has bounded the positions by the tables' rows)
            System.arraycopy(rope.cosTable(), from * dh, cos, 0, count * dh);
            System.arraycopy(rope.sinTable(), from * dh, sin, 0, count * dh);
            return new Trig(cos, sin, half);
        }
        float[] f = rope.invFreq();
        float scaling = rope.scaling();
        for (int p = 0; p < count; p++) {
            float position = from + p;
            for (int i = 0; i < half; i++) {
                // the export's order: angle = inv_freq * position in float, then cos/sin, then attention_scaling
                float angle = f[i] * position;
                float c = (float) Math.cos(angle) * scaling;
                float s = (float) Math.sin(angle) * scaling;
                cos[p * dh + i] = c;
                cos[p * dh + half + i] = c;
                sin[p * dh + i] = s;
                sin[p * dh + half + i] = s;
            }
        }
        return new Trig(cos, sin, half);
    }

    void rotate(float[][] heads, int rows, Trig trig) {
        int dh = config.dHead();
        for (float[] head : heads) {
            for (int i = 0; i < rows; i++) {
                DecoderMath.rotate(head, i * dh, trig.half(), trig.cos(), trig.sin(), i * dh);
            }
        }
    }
}
