package org.attentionlab.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.tensor.Gelu;
import org.attentionlab.core.tensor.HeadLayout;
import org.attentionlab.core.tensor.LayerNorm;
import org.attentionlab.core.tensor.Linear;

/**
 * A BERT-family encoder in Java: embeddings (word + position + token type, LayerNorm), then per layer
 * Q/K/V projections, the layer's attention plugin over per-head buffers, output projection, residual
 * + LayerNorm, feed-forward with the exact (erf) GELU evaluated in float ({@link Gelu}: within 1.5e-7 max(1, |x|)
 * of the double reference), residual + LayerNorm. The output is the last hidden state.
 *
 * <p>Scratch buffers are kept between forwards and grown to the longest sequence seen, so a forward
 * allocates little beyond the returned array. An instance (and its attentions) serves one thread.
 *
 * <p>Two optional observers look inside a forward without changing it: a {@link LayerObserver} sees each
 * layer's attention input and output (diagnostics), a {@link StageObserver} is told as each {@link
 * EncoderStage} ends (the benchmarks' per-stage timing).
 */
public final class BertEncoder {

    private final BertWeights weights;
    private final BertConfig config;
    private final List<Attention> attentions;
    private final LayerLinears[] linears;

    private int capacity;
    private float[] hidden;      // n x H: the layer input, then its output
    private float[] afterAttention; // n x H: after the attention block's LayerNorm
    private float[] q;
    private float[] k;
    private float[] v;
    private float[] context;     // n x H: heads merged
    private float[] sum;         // n x H: projection + residual
    private float[] inner;       // n x intermediate
    private float[][] qHeads;
    private float[][] kHeads;
    private float[][] vHeads;
    private float[][] outHeads;

    private record LayerLinears(Linear query, Linear key, Linear value, Linear attentionOutput, Linear intermediate, Linear output) {
    }

    /**
     * @param attentionPerLayer one attention per layer (a hybrid may mix variants); the same instance
     *                          may serve several layers, since layers run one after the other
     */
    public BertEncoder(BertWeights weights, List<Attention> attentionPerLayer) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.config = weights.config();
        Objects.requireNonNull(attentionPerLayer, "attentionPerLayer");
        if (attentionPerLayer.size() != config.layers()) {
            throw new IllegalArgumentException("the model has " + config.layers() + " layers but " + attentionPerLayer.size()
                    + " attentions were given (one per layer)");
        }
        List<Attention> copy = new ArrayList<>(attentionPerLayer.size());
        for (int i = 0; i < attentionPerLayer.size(); i++) {
            copy.add(Objects.requireNonNull(attentionPerLayer.get(i), "attention of layer " + i));
        }
        this.attentions = List.copyOf(copy);
        this.linears = new LayerLinears[config.layers()];
        for (int i = 0; i < linears.length; i++) {
            BertWeights.Layer l = weights.layer(i);
            linears[i] = new LayerLinears(l.query().linear(), l.key().linear(), l.value().linear(),
                    l.attentionOutput().linear(), l.intermediate().linear(), l.output().linear());
        }
    }

    /** The model's sizes (layers, hidden, heads, context), as read from the export. */
    public BertConfig config() {
        return config;
    }

    /** The attention of each layer, in layer order; unmodifiable. */
    public List<Attention> attentions() {
        return attentions;
    }

    /** Refuses a context size above the model's maximum positions. */
    public void checkContext(int n) {
        config.checkContext(n);
    }

    /** See {@link #forward(int[], int[], boolean[], LayerObserver, StageObserver)}: no observers. */
    public float[] forward(int[] ids, int[] typeIds, boolean[] mask) {
        return forward(ids, typeIds, mask, null, null);
    }

    /** See {@link #forward(int[], int[], boolean[], LayerObserver, StageObserver)}: no stage observer. */
    public float[] forward(int[] ids, int[] typeIds, boolean[] mask, LayerObserver observer) {
        return forward(ids, typeIds, mask, observer, null);
    }

    /**
     * Runs one sequence.
     *
     * @param ids      token ids, n of them (padding included)
     * @param typeIds  token type ids (n), or null for all 0
     * @param mask     true for real tokens, false for padding (padded keys get no weight; padded positions
     *                 are still computed), or null when every token is real
     * @param observer sees each layer's attention input and output, or null
     * @param stages   told as each {@link EncoderStage} ends (for timing), or null; costs a null check per
     *                 stage when null, and never changes a value computed
     * @return the last hidden state, {@code n x hidden} row-major
     * @throws IllegalArgumentException when n is outside the model's context, a length differs from n, or an
     *                                  id is outside its vocabulary
     */
    public float[] forward(int[] ids, int[] typeIds, boolean[] mask, LayerObserver observer, StageObserver stages) {
        int n = ids.length;
        checkInputs(ids, typeIds, mask);
        ensureCapacity(n);
        int h = config.hidden();
        if (stages != null) {
            stages.forwardStarted(n);
        }
        embed(ids, typeIds, n);
        if (stages != null) {
            stages.stageEnded(EncoderStage.EMBED, -1);
        }
        for (int layer = 0; layer < config.layers(); layer++) {
            runLayer(layer, n, mask, observer, stages);
            if (observer != null) {
                observer.layerOutput(layer, hidden, n);
            }
        }
        float[] out = new float[n * h];
        System.arraycopy(hidden, 0, out, 0, n * h);
        if (stages != null) {
            stages.stageEnded(EncoderStage.COPY_OUT, -1);
        }
        return out;
    }

    /**
     * Runs sequences one after the other; each row may have its own length.
     *
     * @param typeIds per sequence type ids, or null (all 0); a null row means all 0
     * @param masks   per sequence masks, or null (all real); a null row means all real
     */
    public float[][] forwardBatch(int[][] ids, int[][] typeIds, boolean[][] masks) {
        if (typeIds != null && typeIds.length != ids.length) {
            throw new IllegalArgumentException(ids.length + " sequences but " + typeIds.length + " type id rows");
        }
        if (masks != null && masks.length != ids.length) {
            throw new IllegalArgumentException(ids.length + " sequences but " + masks.length + " masks");
        }
        float[][] out = new float[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            out[b] = forward(ids[b], typeIds == null ? null : typeIds[b], masks == null ? null : masks[b]);
        }
        return out;
    }

    private void checkInputs(int[] ids, int[] typeIds, boolean[] mask) {
        int n = ids.length;
        config.checkContext(n);
        if (typeIds != null && typeIds.length != n) {
            throw new IllegalArgumentException(n + " token ids but " + typeIds.length + " type ids");
        }
        if (mask != null && mask.length != n) {
            throw new IllegalArgumentException(n + " token ids but a mask of " + mask.length);
        }
        for (int i = 0; i < n; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " is outside the vocabulary of " + config.vocabSize());
            }
            if (typeIds != null && (typeIds[i] < 0 || typeIds[i] >= config.typeVocabSize())) {
                throw new IllegalArgumentException("type id " + typeIds[i] + " at position " + i + " is outside 0.." + (config.typeVocabSize() - 1));
            }
        }
    }

    private void embed(int[] ids, int[] typeIds, int n) {
        int h = config.hidden();
        float[] word = weights.wordEmbeddings();
        float[] pos = weights.positionEmbeddings();
        float[] type = weights.tokenTypeEmbeddings();
        for (int i = 0; i < n; i++) {
            int wo = ids[i] * h;
            int to = (typeIds == null ? 0 : typeIds[i]) * h;
            int po = i * h;
            int o = i * h;
            for (int c = 0; c < h; c++) {
                // the export's order: (word + type) + position
                hidden[o + c] = (word[wo + c] + type[to + c]) + pos[po + c];
            }
        }
        BertWeights.Norm norm = weights.embeddingNorm();
        LayerNorm.apply(hidden, n, h, norm.gamma(), norm.beta(), norm.eps(), hidden);
    }

    private void runLayer(int layer, int n, boolean[] mask, LayerObserver observer, StageObserver stages) {
        int h = config.hidden();
        int d = config.headDim();
        LayerLinears lin = linears[layer];
        BertWeights.Layer w = weights.layer(layer);

        lin.query().forward(hidden, n, q);
        lin.key().forward(hidden, n, k);
        lin.value().forward(hidden, n, v);
        if (stages != null) {
            stages.stageEnded(EncoderStage.QKV_LINEAR, layer);
        }
        HeadLayout.split(q, n, d, qHeads);
        HeadLayout.split(k, n, d, kHeads);
        HeadLayout.split(v, n, d, vHeads);
        if (stages != null) {
            stages.stageEnded(EncoderStage.SPLIT_HEADS, layer);
        }
        AttentionInput input = new AttentionInput(qHeads, kHeads, vHeads, n, d, mask, false);
        if (observer != null) {
            observer.attentionInput(layer, input);
        }
        attentions.get(layer).forward(input, outHeads);
        if (stages != null) {
            stages.stageEnded(EncoderStage.ATTENTION, layer);
        }
        HeadLayout.merge(outHeads, n, d, context);
        if (stages != null) {
            stages.stageEnded(EncoderStage.MERGE_HEADS, layer);
        }

        lin.attentionOutput().forward(context, n, sum);
        if (stages != null) {
            stages.stageEnded(EncoderStage.OUT_LINEAR, layer);
        }
        LayerNorm.addAndApply(sum, hidden, n, h, w.attentionNorm().gamma(), w.attentionNorm().beta(), w.attentionNorm().eps(), afterAttention);
        if (stages != null) {
            stages.stageEnded(EncoderStage.ATTENTION_ADD_NORM, layer);
        }

        lin.intermediate().forward(afterAttention, n, inner);
        if (stages != null) {
            stages.stageEnded(EncoderStage.FFN_UP_LINEAR, layer);
        }
        Gelu.applyInPlace(inner, n, config.intermediate());
        if (stages != null) {
            stages.stageEnded(EncoderStage.GELU, layer);
        }
        lin.output().forward(inner, n, sum);
        if (stages != null) {
            stages.stageEnded(EncoderStage.FFN_DOWN_LINEAR, layer);
        }
        LayerNorm.addAndApply(sum, afterAttention, n, h, w.outputNorm().gamma(), w.outputNorm().beta(), w.outputNorm().eps(), hidden);
        if (stages != null) {
            stages.stageEnded(EncoderStage.OUTPUT_ADD_NORM, layer);
        }
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        int h = config.hidden();
        int d = config.headDim();
        int heads = config.heads();
        hidden = new float[n * h];
        afterAttention = new float[n * h];
        q = new float[n * h];
        k = new float[n * h];
        v = new float[n * h];
        context = new float[n * h];
        sum = new float[n * h];
        inner = new float[n * config.intermediate()];
        qHeads = new float[heads][n * d];
        kHeads = new float[heads][n * d];
        vHeads = new float[heads][n * d];
        outHeads = new float[heads][n * d];
        capacity = n;
    }
}
