package org.attentionlab.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.attentionlab.core.tensor.Linear;

/**
 * Every weight of a BERT-family encoder, by role, as float32 row-major arrays. Built by
 * {@link OnnxBertReader}; the arrays are shared with whoever uses them and must not be modified.
 */
public final class BertWeights {

    /** A projection {@code y = x W + b}, {@code W} of shape {@code in x out} (the ONNX MatMul layout). */
    public record Dense(float[] weight, float[] bias, int in, int out) {
        public Dense {
            Objects.requireNonNull(weight, "weight");
            Objects.requireNonNull(bias, "bias");
            if (weight.length != (long) in * out || bias.length != out) {
                throw new IllegalArgumentException("dense " + in + " x " + out + " has " + weight.length + " weights and " + bias.length + " biases");
            }
        }

        public Linear linear() {
            return new Linear(weight, in, out, bias);
        }
    }

    /** A LayerNorm's scale, shift and epsilon. */
    public record Norm(float[] gamma, float[] beta, float eps) {
        public Norm {
            Objects.requireNonNull(gamma, "gamma");
            Objects.requireNonNull(beta, "beta");
            if (gamma.length != beta.length) {
                throw new IllegalArgumentException("LayerNorm gamma has " + gamma.length + " values, beta " + beta.length);
            }
        }
    }

    /** One encoder layer. */
    public record Layer(Dense query, Dense key, Dense value, Dense attentionOutput, Norm attentionNorm,
                        Dense intermediate, Dense output, Norm outputNorm) {
    }

    private final BertConfig config;
    private final float[] wordEmbeddings;
    private final float[] positionEmbeddings;
    private final float[] tokenTypeEmbeddings;
    private final Norm embeddingNorm;
    private final List<Layer> layers;
    private final Map<String, String> sources;

    /**
     * @param sources for each role name ({@code layer.0.query.weight}, ...) the ONNX tensor it was read
     *                from, in reading order: the evidence of the mapping, for diagnostics and tests
     */
    public BertWeights(BertConfig config, float[] wordEmbeddings, float[] positionEmbeddings, float[] tokenTypeEmbeddings,
                       Norm embeddingNorm, List<Layer> layers, Map<String, String> sources) {
        this.config = Objects.requireNonNull(config, "config");
        int h = config.hidden();
        check("word embeddings", wordEmbeddings, (long) config.vocabSize() * h);
        check("position embeddings", positionEmbeddings, (long) config.maxPositions() * h);
        check("token type embeddings", tokenTypeEmbeddings, (long) config.typeVocabSize() * h);
        check("embedding LayerNorm", embeddingNorm.gamma(), h);
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException(layers.size() + " layers for a config of " + config.layers());
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String p = "layer " + i + " ";
            checkDense(p + "query", l.query(), h, h);
            checkDense(p + "key", l.key(), h, h);
            checkDense(p + "value", l.value(), h, h);
            checkDense(p + "attention output", l.attentionOutput(), h, h);
            checkDense(p + "intermediate", l.intermediate(), h, config.intermediate());
            checkDense(p + "output", l.output(), config.intermediate(), h);
            check(p + "attention LayerNorm", l.attentionNorm().gamma(), h);
            check(p + "output LayerNorm", l.outputNorm().gamma(), h);
        }
        this.wordEmbeddings = wordEmbeddings;
        this.positionEmbeddings = positionEmbeddings;
        this.tokenTypeEmbeddings = tokenTypeEmbeddings;
        this.embeddingNorm = embeddingNorm;
        this.layers = List.copyOf(layers);
        this.sources = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
    }

    private static void check(String what, float[] values, long expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " has " + values.length + " values, expected " + expected);
        }
    }

    private static void checkDense(String what, Dense d, int in, int out) {
        if (d.in() != in || d.out() != out) {
            throw new IllegalArgumentException(what + " is " + d.in() + " x " + d.out() + ", expected " + in + " x " + out);
        }
    }

    public BertConfig config() {
        return config;
    }

    /** {@code vocabSize x hidden}. */
    public float[] wordEmbeddings() {
        return wordEmbeddings;
    }

    /** {@code maxPositions x hidden}. */
    public float[] positionEmbeddings() {
        return positionEmbeddings;
    }

    /** {@code typeVocabSize x hidden}. */
    public float[] tokenTypeEmbeddings() {
        return tokenTypeEmbeddings;
    }

    public Norm embeddingNorm() {
        return embeddingNorm;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int index) {
        return layers.get(index);
    }

    /** Role name to the ONNX tensor it came from (e.g. {@code layer.0.query.weight -> onnx::MatMul_787}). */
    public Map<String, String> sources() {
        return sources;
    }
}
