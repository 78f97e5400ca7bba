package org.attentionlab.core.decoder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every weight of a causal LM, by role, as float32 row-major arrays, read by {@link DecoderGraphReader}.
 * The arrays are shared with whoever uses them and must not be modified.
 */
public final class DecoderWeights {

    /** How a norm normalises: LayerNorm (centred, with a shift) or RMSNorm (scale only). */
    public enum NormKind { LAYER_NORM, RMS_NORM }

    /** The feed-forward's non-linearity. */
    public enum Activation {
        /** GPT-2's gelu_new: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, one up projection. */
        GELU_TANH,
        /** The exact GELU {@code 0.5 x (1 + erf(x / sqrt 2))}, one up projection. */
        GELU_ERF,
        /** Llama's SwiGLU: {@code down(silu(gate x) * up x)}, with {@code silu(z) = z sigmoid(z)}. */
        SWIGLU
    }

    /**
     * A projection {@code y = x W + b}.
     *
     * @param weight {@code in x out} row-major (the ONNX MatMul layout)
     * @param bias   {@code out} values, or null for none
     * @param in     input width
     * @param out    output width
     */
    public record Dense(float[] weight, float[] bias, int in, int out) {
        /** Checks the array lengths against {@code in x out}. */
        public Dense {
            Objects.requireNonNull(weight, "weight");
            if (weight.length != (long) in * out || (bias != null && bias.length != out)) {
                throw new IllegalArgumentException("dense " + in + " x " + out + " has " + weight.length + " weights and "
                        + (bias == null ? "no" : String.valueOf(bias.length)) + " biases");
            }
        }
    }

    /**
     * A norm over the last axis.
     *
     * @param kind  LayerNorm or RMSNorm
     * @param gamma scale, {@code dModel} values
     * @param beta  shift, {@code dModel} values (LayerNorm), or null (RMSNorm, or a LayerNorm without bias)
     * @param eps   added to the variance (mean square for RMSNorm) before the square root
     */
    public record Norm(NormKind kind, float[] gamma, float[] beta, float eps) {
        /** Checks the scale and shift agree. */
        public Norm {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(gamma, "gamma");
            if (beta != null && beta.length != gamma.length) {
                throw new IllegalArgumentException("norm scale has " + gamma.length + " values, shift " + beta.length);
            }
        }
    }

    /**
     * Rotary positions in rotate_half form: a head's value pairs {@code (x[i], x[i + dHead/2])} are rotated by
     * the angle {@code p * invFreq[i]} at position p, and the cosine and sine are multiplied by {@code scaling};
     * or, for exports that keep RoPE as constant tables (transformers < 4.38's {@code cos_cached}/{@code sin_cached}),
     * {@code x * cos[p] + rotate_half(x) * sin[p]} with the tables' rows as they are.
     *
     * @param invFreq   inverse frequencies, {@code dHead / 2} values, as the export holds them (position
     *                  interpolation folds its factor in here, as transformers' linear scaling does); null with tables
     * @param scaling   the factor on cos and sin (transformers' {@code attention_scaling}; 1 for plain RoPE and tables)
     * @param cosTable  {@code tableRows x dHead} cosines by position, or null when computed from {@code invFreq}
     * @param sinTable  {@code tableRows x dHead} sines by position, or null when computed from {@code invFreq}
     * @param tableRows rows of the tables: the positions the export can rotate (0 without tables)
     */
    public record Rope(float[] invFreq, float scaling, float[] cosTable, float[] sinTable, int tableRows) {
        /** Checks there are frequencies or two tables of equal size. */
        public Rope {
            if (cosTable == null && sinTable == null) {
                Objects.requireNonNull(invFreq, "invFreq");
            } else if (cosTable == null || sinTable == null || cosTable.length != sinTable.length || tableRows < 1
                    || cosTable.length % tableRows != 0) {
                throw new IllegalArgumentException("rotary tables need cos and sin of tableRows x dHead values each");
            }
        }

        /** Rotation computed from inverse frequencies. */
        public Rope(float[] invFreq, float scaling) {
            this(invFreq, scaling, null, null, 0);
        }

        /** Rotation read from constant cos/sin tables ({@code rows x dHead} each). */
        public static Rope tables(float[] cos, float[] sin, int rows) {
            return new Rope(null, 1f, cos, sin, rows);
        }

        /** True when cos and sin come from the export's constant tables. */
        public boolean fromTables() {
            return cosTable != null;
        }

        /**
         * This rotation with every position multiplied by {@code factor} (position interpolation: P / L).
         *
         * @throws IllegalStateException for a rotation read from tables (no frequencies to scale)
         */
        public Rope scaledPositions(float factor) {
            if (fromTables()) {
                throw new IllegalStateException("the rotary positions are constant cos/sin tables, not inverse frequencies");
            }
            float[] scaled = new float[invFreq.length];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = invFreq[i] * factor;
            }
            return new Rope(scaled, scaling);
        }
    }

    /**
     * One transformer block (pre-norm): {@code h += o(attention(norm1(h)))}, then {@code h += mlp(norm2(h))}.
     *
     * @param attentionNorm the norm before attention (GPT-2's ln_1, Llama's input_layernorm)
     * @param query         {@code dModel x heads*dHead}
     * @param key           {@code dModel x kvHeads*dHead}
     * @param value         {@code dModel x kvHeads*dHead}
     * @param output        {@code heads*dHead x dModel}
     * @param mlpNorm       the norm before the feed-forward
     * @param gate          SwiGLU's gate projection, or null for a GELU feed-forward
     * @param up            the up projection ({@code dModel x intermediate})
     * @param down          the down projection ({@code intermediate x dModel})
     */
    public record Layer(Norm attentionNorm, Dense query, Dense key, Dense value, Dense output, Norm mlpNorm,
                        Dense gate, Dense up, Dense down) {
    }

    private final DecoderConfig config;
    private final Activation activation;
    private final float[] tokenEmbedding;
    private final float[] positionEmbedding;
    private final Rope rope;
    private final List<Layer> layers;
    private final Norm finalNorm;
    private final Dense lmHead;
    private final Map<String, String> sources;

    /**
     * @param tokenEmbedding    {@code vocab x dModel}
     * @param positionEmbedding {@code maxPositions x dModel}, or null with RoPE
     * @param rope              the rotation, or null with learned positions
     * @param lmHead            {@code dModel x vocab}, or null when tied to the token embedding
     * @param sources           for each role ({@code layer.0.query.weight}, ...) the ONNX tensor it was read from,
     *                          in reading order: the evidence of the mapping
     * @throws IllegalArgumentException when a size disagrees with the config
     */
    public DecoderWeights(DecoderConfig config, Activation activation, float[] tokenEmbedding, float[] positionEmbedding,
                          Rope rope, List<Layer> layers, Norm finalNorm, Dense lmHead, Map<String, String> sources) {
        this.config = Objects.requireNonNull(config, "config");
        this.activation = Objects.requireNonNull(activation, "activation");
        int d = config.dModel();
        check("token embedding", tokenEmbedding.length, (long) config.vocab() * d);
        if (positionEmbedding != null) {
            check("position embedding", positionEmbedding.length, (long) config.maxPositions() * d);
        }
        if ((positionEmbedding == null) == (rope == null)) {
            throw new IllegalArgumentException("a decoder needs exactly one of a learned position table and RoPE");
        }
        if (rope != null && rope.fromTables()) {
            check("RoPE cos/sin tables", rope.cosTable().length, (long) rope.tableRows() * config.dHead());
        } else if (rope != null) {
            check("RoPE inverse frequencies", rope.invFreq().length, config.dHead() / 2);
        }
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException(layers.size() + " layers for a config of " + config.layers());
        }
        int qw = config.heads() * config.dHead();
        int kw = config.kvHeads() * config.dHead();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "layer " + i + " ";
            dense(p + "query", l.query(), d, qw);
            dense(p + "key", l.key(), d, kw);
            dense(p + "value", l.value(), d, kw);
            dense(p + "output", l.output(), qw, d);
            dense(p + "up", l.up(), d, config.intermediate());
            if ((l.gate() != null) != (activation == Activation.SWIGLU)) {
                throw new IllegalArgumentException(p + (l.gate() == null ? "lacks the gate SwiGLU needs" : "has a gate projection " + activation + " does not use"));
            }
            if (l.gate() != null) {
                dense(p + "gate", l.gate(), d, config.intermediate());
            }
            dense(p + "down", l.down(), config.intermediate(), d);
            check(p + "attention norm", l.attentionNorm().gamma().length, d);
            check(p + "mlp norm", l.mlpNorm().gamma().length, d);
        }
        check("final norm", finalNorm.gamma().length, d);
        if (lmHead != null) {
            dense("lm_head", lmHead, d, config.vocab());
        }
        if ((lmHead == null) != config.tiedLmHead()) {
            throw new IllegalArgumentException("the config says tiedLmHead=" + config.tiedLmHead() + " but the lm_head is "
                    + (lmHead == null ? "absent" : "given"));
        }
        this.tokenEmbedding = tokenEmbedding;
        this.positionEmbedding = positionEmbedding;
        this.rope = rope;
        this.layers = List.copyOf(layers);
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    private static void check(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has " + actual + " values, expected " + expected);
        }
    }

    private static void dense(String what, Dense dense, int in, int out) {
        if (dense.in() != in || dense.out() != out) {
            throw new IllegalArgumentException(what + " is " + dense.in() + " x " + dense.out() + ", expected " + in + " x " + out);
        }
    }

    /** The shape read from the export. */
    public DecoderConfig config() {
        return config;
    }

    /** The feed-forward's non-linearity. */
    public Activation activation() {
        return activation;
    }

    /** {@code vocab x dModel} row-major. */
    public float[] tokenEmbedding() {
        return tokenEmbedding;
    }

    /** {@code maxPositions x dModel} row-major, or null with RoPE. */
    public float[] positionEmbedding() {
        return positionEmbedding;
    }

    /** The rotary positions, or null with a learned table. */
    public Rope rope() {
        return rope;
    }

    /** The blocks in order; unmodifiable. */
    public List<Layer> layers() {
        return layers;
    }

    /** Block {@code index}. */
    public Layer layer(int index) {
        return layers.get(index);
    }

    /** The norm before the lm_head (GPT-2's ln_f, Llama's model.norm). */
    public Norm finalNorm() {
        return finalNorm;
    }

    /** The untied lm_head ({@code dModel x vocab}), or null when tied to the token embedding. */
    public Dense lmHead() {
        return lmHead;
    }

    /** Role name to the ONNX tensor it came from (e.g. {@code layer.0.query.weight -> onnx::MatMul_1234}). */
    public Map<String, String> sources() {
        return sources;
    }

    /**
     * These weights with RoPE positions multiplied by {@code factor} (position interpolation, Chen et al. 2023:
     * P / L), the factor folded into the inverse frequencies as transformers' linear RoPE scaling does.
     *
     * @throws IllegalStateException for a model with learned positions
     */
    public DecoderWeights withRopePositionScale(float factor) {
        if (rope == null) {
            throw new IllegalStateException("the model has learned positions, not RoPE");
        }
        return new DecoderWeights(config, activation, tokenEmbedding, null, rope.scaledPositions(factor), layers, finalNorm, lmHead, sources);
    }

    /**
     * These weights with another rotation (e.g. rewritten cos/sin tables); a table rotation sets the positions' bound to its rows.
     *
     * @throws IllegalStateException for a model with learned positions
     */
    public DecoderWeights withRope(Rope newRope) {
        if (rope == null) {
            throw new IllegalStateException("the model has learned positions, not RoPE");
        }
        DecoderConfig c = new DecoderConfig(config.architecture(), config.layers(), config.heads(), config.kvHeads(), config.dModel(),
                config.dHead(), config.intermediate(), config.vocab(), newRope.tableRows(), config.ropeTheta(), config.normEpsilon(),
                config.tiedLmHead(), config.hasPast());
        return new DecoderWeights(c, activation, tokenEmbedding, null, newRope, layers, finalNorm, lmHead, sources);
    }

    /** These weights with another learned position table ({@code rows x dModel}), e.g. an extended one. */
    public DecoderWeights withPositionTable(float[] table, int rows) {
        if (positionEmbedding == null) {
            throw new IllegalStateException("the model has RoPE, not a learned position table");
        }
        DecoderConfig c = new DecoderConfig(config.architecture(), config.layers(), config.heads(), config.kvHeads(), config.dModel(),
                config.dHead(), config.intermediate(), config.vocab(), rows, config.ropeTheta(), config.normEpsilon(),
                config.tiedLmHead(), config.hasPast());
        return new DecoderWeights(c, activation, tokenEmbedding, table, null, layers, finalNorm, lmHead, sources);
    }
}
